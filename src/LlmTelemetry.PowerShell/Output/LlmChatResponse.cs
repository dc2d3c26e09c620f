using LlmTelemetry.Providers;

namespace LlmTelemetry
{
    /// <summary>What Invoke-LlmChat writes: the answer and what it cost, already recorded in the store (Id is the record's id).</summary>
    public sealed class LlmChatResponse
    {
        internal LlmChatResponse(ChatResult r)
        {
            Content = r.Content;
            Model = r.Model;
            Provider = r.Provider.ToString();
            InputTokens = r.Usage.Input;
            OutputTokens = r.Usage.Output;
            CacheReadInputTokens = r.Usage.CacheReadInput;
            CacheCreationInputTokens = r.Usage.CacheCreationInput;
            ReasoningTokens = r.Usage.Reasoning;
            CostUsd = r.CostUsd;
            DurationMs = (long)r.Latency.TotalMilliseconds;
            FinishReason = r.FinishReason;
            Id = r.Record?.Id;
        }

        public string Content { get; }

        /// <summary>The model as the provider reported it (the canonical id, not the alias asked for).</summary>
        public string Model { get; }

        /// <summary>Anthropic, OpenAI, OpenRouter or OpenAICompatible.</summary>
        public string Provider { get; }

        /// <summary>Input tokens, cache reads and writes excluded.</summary>
        public long InputTokens { get; }

        /// <summary>Output tokens, reasoning included.</summary>
        public long OutputTokens { get; }

        public long CacheReadInputTokens { get; }
        public long CacheCreationInputTokens { get; }
        public long ReasoningTokens { get; }

        /// <summary>Null when the model has no price (never 0 for "unknown").</summary>
        public double? CostUsd { get; }

        /// <summary>The whole call, retries and waits included.</summary>
        public long DurationMs { get; }

        public string? FinishReason { get; }

        /// <summary>The id of the stored record (Get-LlmTelemetry); null when recording is off.</summary>
        public string? Id { get; }

        public override string ToString() => Content;
    }
}
