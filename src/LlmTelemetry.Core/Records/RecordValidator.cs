using System;
using System.Globalization;

namespace LlmTelemetry.Records
{
    /// <summary>The rules a record must meet before it is stored. Each failure names the field and the bad value.</summary>
    /// <remarks>
    /// Every way into the store (the CLI, the cmdlets, the importers, the providers' client) and every read of a stored
    /// line goes through <see cref="Validate"/>, so these bounds are the one definition of a plausible call. They also
    /// keep reports finite: a sum of counts at most <see cref="MaxTokens"/> needs about 900 million records to overflow
    /// an Int64, and a sum of costs at most <see cref="MaxCostUsd"/> can never reach infinity.
    /// </remarks>
    internal static class RecordValidator
    {
        /// <summary>
        /// The most tokens of one kind one call can carry: 10 billion, a thousand times the largest context window
        /// any model offers (10 million), so no real call comes near it while a garbage count (Int64.MaxValue, a
        /// negative number read as unsigned) is refused before it can overflow a total.
        /// </summary>
        public const long MaxTokens = 10_000_000_000;

        /// <summary>
        /// The most one call can cost: US$1,000,000. The priciest price list in the registry (US$600 per million
        /// output tokens) would need 1.6 billion output tokens in one call to get there; a cost above it is a typo or
        /// garbage (1e308, a count taken for a price), not a bill.
        /// </summary>
        public const double MaxCostUsd = 1_000_000;

        /// <summary>The longest one call can take: 30 days in milliseconds (batch jobs finish within a day).</summary>
        public const long MaxDurationMs = 30L * 24 * 60 * 60 * 1000;

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
            if (record.DurationMs is long longest && longest > MaxDurationMs)
                throw new TelemetryValidationException("duration_ms", longest.ToString(CultureInfo.InvariantCulture), $"must be at most {MaxDurationMs.ToString("N0", CultureInfo.InvariantCulture)} (30 days)");
            if (record.CostUsd is double c && CostProblem(c) is { } costProblem)
                throw new TelemetryValidationException("cost_usd", c.ToString("R", CultureInfo.InvariantCulture), costProblem);
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
            if (CheckTokens(tokens) is { } problem) throw problem;
        }

        /// <summary>The first rule <paramref name="tokens"/> breaks, or null: for callers that count a bad line rather than stop (importers).</summary>
        internal static TelemetryValidationException? CheckTokens(TokenUsage? tokens)
        {
            if (tokens is null) return new TelemetryValidationException("tokens", null, "is required");
            var bad = Count("tokens.input", tokens.Input)
                ?? Count("tokens.output", tokens.Output)
                ?? Count("tokens.cache_creation_input", tokens.CacheCreationInput)
                ?? Count("tokens.cache_creation_1h_input", tokens.CacheCreation1hInput)
                ?? Count("tokens.cache_read_input", tokens.CacheReadInput)
                ?? Count("tokens.reasoning", tokens.Reasoning);
            if (bad is not null) return bad;
            // The parts are bounded, so their sum cannot overflow; the total only has to be that sum.
            if (tokens.Total < 0)
                return new TelemetryValidationException("tokens.total", tokens.Total.ToString(CultureInfo.InvariantCulture), "must be a non-negative integer");
            if (tokens.CacheCreation1hInput > tokens.CacheCreationInput)
                return new TelemetryValidationException("tokens.cache_creation_1h_input", tokens.CacheCreation1hInput.ToString(CultureInfo.InvariantCulture),
                    $"is part of cache_creation_input and cannot exceed it ({tokens.CacheCreationInput})");
            if (tokens.Reasoning > tokens.Output)
                return new TelemetryValidationException("tokens.reasoning", tokens.Reasoning.ToString(CultureInfo.InvariantCulture),
                    $"is part of output and cannot exceed it ({tokens.Output})");
            if (tokens.Total != tokens.ComputedTotal)
                return new TelemetryValidationException("tokens.total", tokens.Total.ToString(CultureInfo.InvariantCulture),
                    $"must equal input + output + cache_creation_input + cache_read_input = {tokens.ComputedTotal}");
            return null;
        }

        /// <summary>Why <paramref name="usd"/> is not a cost one call can have, or null when it is one.</summary>
        internal static string? CostProblem(double usd)
        {
            if (double.IsNaN(usd) || double.IsInfinity(usd) || usd < 0) return "must be a finite number ≥ 0, or null when the model is not priced";
            if (usd > MaxCostUsd) return $"must be at most {MaxCostUsd.ToString("N0", CultureInfo.InvariantCulture)} US dollars for one call";
            return null;
        }

        /// <summary>Why <paramref name="count"/> is not a token count one call can have, or null when it is one.</summary>
        internal static string? TokenCountProblem(long count)
        {
            if (count < 0) return "must be a non-negative integer";
            if (count > MaxTokens) return $"must be at most {MaxTokens.ToString("N0", CultureInfo.InvariantCulture)} tokens for one call";
            return null;
        }

        private static TelemetryValidationException? Count(string field, long value)
            => TokenCountProblem(value) is { } problem ? new TelemetryValidationException(field, value.ToString(CultureInfo.InvariantCulture), problem) : null;

        internal static bool HasControlChars(string s)
        {
            foreach (char ch in s) if (char.IsControl(ch)) return true;
            return false;
        }
    }
}
