using System;
using System.Globalization;
using LlmTelemetry.Output;
using LlmTelemetry.Records;

namespace LlmTelemetry
{
    /// <summary>
    /// One stored event as Get-LlmTelemetry writes it: flat scalar properties (one CSV column each), the time in the
    /// query's zone, the local Day and Hour ready for Group-Object, and the payload as JSON text.
    /// </summary>
    public sealed class LlmRecord
    {
        internal LlmRecord(TelemetryRecord record, TimeZoneInfo zone)
        {
            Core = record;
            var local = LocalTime.In(record.Timestamp, zone);
            Id = record.Id;
            Timestamp = local;
            Day = local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            Hour = local.Hour;
            EventType = record.EventType;
            Provider = record.Provider;
            Model = record.Model;
            Agent = record.AgentName;
            Operation = record.Operation;
            Session = record.SessionId;
            User = record.UserId;
            DurationMs = record.DurationMs;
            var t = record.Tokens;
            InputTokens = t.Input;
            OutputTokens = t.Output;
            CacheCreationInputTokens = t.CacheCreationInput;
            CacheCreation1hInputTokens = t.CacheCreation1hInput;
            CacheReadInputTokens = t.CacheReadInput;
            ReasoningTokens = t.Reasoning;
            TotalTokens = t.Total;
            CostUsd = record.CostUsd;
            Success = record.Success;
            Error = record.Metadata.Error;
            Project = record.Metadata.Project;
            GitBranch = record.Metadata.GitBranch;
            Host = record.Metadata.Host;
            Source = record.Metadata.Source;
            PromptHash = record.PromptHash;
            ResponseHash = record.ResponseHash;
            Payload = record.Payload is { IsEmpty: false } p ? p.Json : null;
        }

        public string Id { get; }
        public DateTime Timestamp { get; }
        public string Day { get; }
        public int Hour { get; }
        public string EventType { get; }
        public string? Provider { get; }
        public string? Model { get; }
        public string? Agent { get; }
        public string? Operation { get; }
        public string? Session { get; }
        public string? User { get; }
        public long? DurationMs { get; }
        public long InputTokens { get; }
        public long OutputTokens { get; }
        public long CacheCreationInputTokens { get; }
        public long CacheCreation1hInputTokens { get; }
        public long CacheReadInputTokens { get; }
        public long ReasoningTokens { get; }
        public long TotalTokens { get; }

        /// <summary>Null when the model was not priced (never 0 for "unknown").</summary>
        public double? CostUsd { get; }

        public bool Success { get; }
        public string? Error { get; }
        public string? Project { get; }
        public string? GitBranch { get; }
        public string? Host { get; }
        public string? Source { get; }
        public string? PromptHash { get; }
        public string? ResponseHash { get; }
        public string? Payload { get; }

        /// <summary>The stored record, so Measure-LlmCost aggregates exactly what was read (internal: not a PowerShell property).</summary>
        internal TelemetryRecord Core { get; }

        public override string ToString() => Id;
    }
}
