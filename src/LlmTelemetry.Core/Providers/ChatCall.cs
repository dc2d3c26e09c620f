using System;
using LlmTelemetry.Records;

namespace LlmTelemetry.Providers
{
    /// <summary>
    /// One chat call as it is recorded, whoever made it: <see cref="LlmClient"/> or another client observed by a
    /// middleware (LlmTelemetry.Extensions.AI). <see cref="ChatCallRecorder"/> turns it into the stored record.
    /// What only <see cref="LlmClient"/> knows (attempts, a provider's own cost, the request id, the branch, the key) is internal.
    /// </summary>
    public sealed record ChatCall
    {
        public DateTimeOffset Started { get; init; }

        /// <summary>From the start of the call to its end (the last streamed update, the failure, the cancellation).</summary>
        public TimeSpan Duration { get; init; }

        /// <summary>The provider's name as records spell it (anthropic, openai, openrouter, …); null when unknown.</summary>
        public string? Provider { get; init; }

        /// <summary>The model that answered (as the provider reported it), else the one requested.</summary>
        public string Model { get; init; } = "";

        /// <summary>The model asked for, stored in the payload as requested_model when it differs from <see cref="Model"/>.</summary>
        public string? RequestedModel { get; init; }

        public bool Stream { get; init; }
        internal int Attempts { get; init; } = 1;

        /// <summary>
        /// Normalised as <see cref="TokenUsage"/> says (input excludes cache reads and writes). Null: the server reported
        /// none; a successful call is then estimated from its texts (usage_estimated in the payload), a failed one has no tokens.
        /// </summary>
        public TokenUsage? Usage { get; init; }

        /// <summary>True when <see cref="Usage"/> is already an estimate (the caller estimated it with <see cref="ChatCallRecorder.Estimate"/>).</summary>
        internal bool UsageEstimated { get; init; }

        /// <summary>The provider's own cost figure, when it gives one (OpenRouter); otherwise the registry prices the tokens.</summary>
        internal double? CostUsd { get; init; }

        public string? FinishReason { get; init; }
        internal string? RequestId { get; init; }
        public string? ResponseId { get; init; }

        /// <summary>From the start of the call to the first text, when streaming.</summary>
        public TimeSpan? TimeToFirstToken { get; init; }

        /// <summary>Null for a success; the failure's text otherwise ("cancelled" for a cancellation). Scrubbed of keys before it is stored.</summary>
        public string? Error { get; init; }

        /// <summary>The prompt as one text: hashed always, stored only when the user opted in (LLM_STORE_PROMPTS).</summary>
        public string PromptText { get; init; } = "";

        /// <summary>The answer's text: hashed for a success, stored only when the user opted in (LLM_STORE_RESPONSES).</summary>
        public string? ResponseText { get; init; }

        public string? Agent { get; init; }
        public string? Operation { get; init; }
        public string? SessionId { get; init; }
        public string? Project { get; init; }
        public string? UserId { get; init; }
        internal string? GitBranch { get; init; }

        /// <summary>metadata.source; the recorder's default when null.</summary>
        public string? Source { get; init; }

        /// <summary>True when <see cref="CostUsd"/> is final, null included (LlmClient priced the call already): the recorder does not price it again.</summary>
        internal bool CostFinal { get; init; }

        /// <summary>The API key the call used, so that it is scrubbed from the error and the warnings even when it is not key-shaped.</summary>
        internal string? Key { get; init; }
    }
}
