using System;
using System.Text.Json.Serialization;

namespace LlmTelemetry.Records
{
    /// <summary>
    /// One line of telemetry.jsonl (schema v1). Immutable; build one with <see cref="TelemetryRecordBuilder"/>
    /// or a <c>with</c> expression, and check it with <see cref="RecordValidator"/> before it is stored.
    /// </summary>
    public sealed record TelemetryRecord
    {
        public const int CurrentSchemaVersion = 1;
        public const string LlmCallEvent = "llm_call";

        [JsonPropertyName("v")] public int SchemaVersion { get; init; } = CurrentSchemaVersion;
        [JsonPropertyName("id")] public string Id { get; init; } = "";

        [JsonPropertyName("timestamp")]
        [JsonConverter(typeof(UtcTimestampConverter))]
        public DateTimeOffset Timestamp { get; init; }

        [JsonPropertyName("event_type")] public string EventType { get; init; } = LlmCallEvent;
        [JsonPropertyName("provider")] public string? Provider { get; init; }
        [JsonPropertyName("model")] public string? Model { get; init; }
        [JsonPropertyName("agent_name")] public string? AgentName { get; init; }
        [JsonPropertyName("operation")] public string? Operation { get; init; }
        [JsonPropertyName("session_id")] public string? SessionId { get; init; }
        [JsonPropertyName("user_id")] public string? UserId { get; init; }
        [JsonPropertyName("duration_ms")] public long? DurationMs { get; init; }
        [JsonPropertyName("tokens")] public TokenUsage Tokens { get; init; } = TokenUsage.Zero;

        /// <summary>USD; null when the model is not priced (never 0 for "unknown").</summary>
        [JsonPropertyName("cost_usd")] public double? CostUsd { get; init; }

        [JsonPropertyName("success")] public bool Success { get; init; } = true;
        [JsonPropertyName("prompt_hash")] public string? PromptHash { get; init; }
        [JsonPropertyName("response_hash")] public string? ResponseHash { get; init; }
        [JsonPropertyName("metadata")] public RecordMetadata Metadata { get; init; } = RecordMetadata.Empty;
        [JsonPropertyName("payload")] public JsonPayload? Payload { get; init; }

        [JsonIgnore] public bool IsLlmCall => string.Equals(EventType, LlmCallEvent, StringComparison.Ordinal);

        /// <summary>The UTC calendar date: the day folder this record belongs in.</summary>
        [JsonIgnore] public DateTime UtcDay => Timestamp.UtcDateTime.Date;
    }
}
