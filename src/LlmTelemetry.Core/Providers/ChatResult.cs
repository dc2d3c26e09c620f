using System;
using LlmTelemetry.Records;

namespace LlmTelemetry.Providers
{
    /// <summary>The answer to a <see cref="ChatRequest"/>, with the usage normalised to the record's meaning.</summary>
    public sealed record ChatResult
    {
        public ProviderKind Provider { get; init; }

        /// <summary>The text of the answer (text blocks only; tool calls are not part of it).</summary>
        public string Content { get; init; } = "";

        /// <summary>The model as the provider reported it (often a dated snapshot of the requested alias).</summary>
        public string Model { get; init; } = "";

        /// <summary>As the provider says it: end_turn, max_tokens, stop, length, tool_use, …</summary>
        public string? FinishReason { get; init; }

        /// <summary>Input excludes cache reads and writes; output includes reasoning.</summary>
        public TokenUsage Usage { get; init; } = TokenUsage.Zero;

        /// <summary>True when the server reported no usage and the counts are estimates (Pricing.TokenEstimator).</summary>
        public bool UsageEstimated { get; init; }

        /// <summary>The provider's request id (the request-id / x-request-id header), else the response id.</summary>
        public string? RequestId { get; init; }

        /// <summary>The id in the response body (msg_…, chatcmpl-…, gen-…, resp_…).</summary>
        public string? ResponseId { get; init; }

        /// <summary>From the start of the call to the end of the answer, retries included.</summary>
        public TimeSpan Latency { get; init; }

        /// <summary>From the start of the call to the first text, when streaming.</summary>
        public TimeSpan? TimeToFirstToken { get; init; }

        /// <summary>USD: the provider's own figure when it returns one (OpenRouter), else the pricing delegate's; null when not priced.</summary>
        public double? CostUsd { get; init; }

        public bool Streamed { get; init; }

        /// <summary>HTTP attempts made, 1 when the first succeeded.</summary>
        public int Attempts { get; init; } = 1;

        /// <summary>The record as the sink stored it; null when there is no sink or recording failed.</summary>
        public TelemetryRecord? Record { get; init; }
    }
}
