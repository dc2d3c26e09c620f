using System;
using LlmTelemetry.Configuration;
using LlmTelemetry.Records;

namespace LlmTelemetry.Storage
{
    /// <summary>A call made outside LlmTelemetry, as Write-LlmTelemetry and `llm-telemetry record` describe it.</summary>
    public sealed record RecordRequest
    {
        public string? Model { get; init; }
        public string? Provider { get; init; }
        public long InputTokens { get; init; }
        public long OutputTokens { get; init; }
        public long CacheCreationInputTokens { get; init; }
        public long CacheCreation1hInputTokens { get; init; }
        public long CacheReadInputTokens { get; init; }
        public long ReasoningTokens { get; init; }
        public long? DurationMs { get; init; }
        public string? Agent { get; init; }
        public string? Operation { get; init; }
        public string? Session { get; init; }
        public string? Project { get; init; }
        public string? User { get; init; }
        public bool Success { get; init; } = true;
        public string? Error { get; init; }

        /// <summary>When set, stored as is; otherwise the registry prices the call.</summary>
        public double? CostUsd { get; init; }

        public DateTimeOffset? Timestamp { get; init; }
        /// <summary>Any spelling (SessionStart, session_start); stored canonical. Null or blank means llm_call.</summary>
        public string? EventType { get; init; } = TelemetryRecord.LlmCallEvent;

        /// <summary>JSON text for the event's payload (other event types carry their data here).</summary>
        public string? PayloadJson { get; init; }

        public string? Prompt { get; init; }
        public string? Response { get; init; }
        public string Source { get; init; } = "manual";
    }
}
