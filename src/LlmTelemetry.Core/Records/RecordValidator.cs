using System;
using System.Globalization;

namespace LlmTelemetry.Records
{
    /// <summary>The rules a record must meet before it is stored. Each failure names the field and the bad value.</summary>
    public static class RecordValidator
    {
        /// <summary>Throws <see cref="TelemetryValidationException"/> for the first rule <paramref name="record"/> breaks.</summary>
        public static void Validate(TelemetryRecord record)
        {
            if (record is null) throw new ArgumentNullException(nameof(record));
            if (record.SchemaVersion != TelemetryRecord.CurrentSchemaVersion)
                throw new TelemetryValidationException("v", record.SchemaVersion.ToString(CultureInfo.InvariantCulture), $"this version writes schema {TelemetryRecord.CurrentSchemaVersion} only");
            if (string.IsNullOrWhiteSpace(record.Id))
                throw new TelemetryValidationException("id", record.Id, "is required");
            if (record.Id.Length > 200 || HasControlChars(record.Id))
                throw new TelemetryValidationException("id", record.Id, "must be at most 200 printable characters");
            if (record.Timestamp == default || record.Timestamp.Year < 1970 || record.Timestamp.Year > 9998)
                throw new TelemetryValidationException("timestamp", record.Timestamp == default ? null : record.Timestamp.ToString("o", CultureInfo.InvariantCulture), "is required and must be a date between 1970 and 9998");
            if (string.IsNullOrWhiteSpace(record.EventType))
                throw new TelemetryValidationException("event_type", record.EventType, "must not be empty");
            if (record.IsLlmCall && string.IsNullOrWhiteSpace(record.Model))
                throw new TelemetryValidationException("model", record.Model, "is required for an llm_call event");
            if (record.DurationMs is long d && d < 0)
                throw new TelemetryValidationException("duration_ms", d.ToString(CultureInfo.InvariantCulture), "must not be negative");
            if (record.CostUsd is double c && (double.IsNaN(c) || double.IsInfinity(c) || c < 0))
                throw new TelemetryValidationException("cost_usd", c.ToString(CultureInfo.InvariantCulture), "must be a finite number ≥ 0, or null when the model is not priced");
            ValidateTokens(record.Tokens);
            if (record.Metadata is null)
                throw new TelemetryValidationException("metadata", null, "is required (use an empty object)");
        }

        /// <summary>
        /// The names a caller gives a new record (what Write-LlmTelemetry, `record` and the LLM client build) carry no
        /// control characters: an ESC, BEL or newline in an agent name would be replayed into every terminal and table
        /// that shows it. Kept out of <see cref="Validate"/>, which also checks records read back and imported, so that
        /// lines stored before this rule are still read.
        /// </summary>
        public static void ValidateNames(TelemetryRecord record)
        {
            if (record is null) throw new ArgumentNullException(nameof(record));
            Name("model", record.Model);
            Name("provider", record.Provider);
            Name("agent_name", record.AgentName);
            Name("operation", record.Operation);
            Name("session_id", record.SessionId);
            Name("user_id", record.UserId);
            Name("event_type", record.EventType);
            Name("project", record.Metadata?.Project);
            Name("git_branch", record.Metadata?.GitBranch);
            Name("host", record.Metadata?.Host);
            Name("source", record.Metadata?.Source);
        }

        private static void Name(string field, string? value)
        {
            if (value is not null && HasControlChars(value))
                throw new TelemetryValidationException(field, value, "must not contain control characters (newline, tab, ESC, BEL, DEL, …)");
        }

        public static void ValidateTokens(TokenUsage? tokens)
        {
            if (tokens is null) throw new TelemetryValidationException("tokens", null, "is required");
            NonNegative("tokens.input", tokens.Input);
            NonNegative("tokens.output", tokens.Output);
            NonNegative("tokens.cache_creation_input", tokens.CacheCreationInput);
            NonNegative("tokens.cache_creation_1h_input", tokens.CacheCreation1hInput);
            NonNegative("tokens.cache_read_input", tokens.CacheReadInput);
            NonNegative("tokens.reasoning", tokens.Reasoning);
            NonNegative("tokens.total", tokens.Total);
            if (tokens.CacheCreation1hInput > tokens.CacheCreationInput)
                throw new TelemetryValidationException("tokens.cache_creation_1h_input", tokens.CacheCreation1hInput.ToString(CultureInfo.InvariantCulture),
                    $"is part of cache_creation_input and cannot exceed it ({tokens.CacheCreationInput})");
            if (tokens.Reasoning > tokens.Output)
                throw new TelemetryValidationException("tokens.reasoning", tokens.Reasoning.ToString(CultureInfo.InvariantCulture),
                    $"is part of output and cannot exceed it ({tokens.Output})");
            if (tokens.Total != tokens.ComputedTotal)
                throw new TelemetryValidationException("tokens.total", tokens.Total.ToString(CultureInfo.InvariantCulture),
                    $"must equal input + output + cache_creation_input + cache_read_input = {tokens.ComputedTotal}");
        }

        private static void NonNegative(string field, long value)
        {
            if (value < 0) throw new TelemetryValidationException(field, value.ToString(CultureInfo.InvariantCulture), "must be a non-negative integer");
        }

        internal static bool HasControlChars(string s)
        {
            foreach (char ch in s) if (char.IsControl(ch)) return true;
            return false;
        }
    }
}
