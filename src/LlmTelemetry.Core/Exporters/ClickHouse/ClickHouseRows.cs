using System;
using System.Text.Json;
using LlmTelemetry.Exporters.Shipping;
using LlmTelemetry.Records;

namespace LlmTelemetry.Exporters.ClickHouse
{
    /// <summary>
    /// Writes one JSONEachRow object per row, by hand (the core is trimmed for the CLI: no reflection serializer),
    /// with exactly the columns of <see cref="ClickHouseSchema"/> (ClickHouse refuses an unknown field and silently
    /// fills a missing one, so a test holds the two to the same names). Times go as Unix seconds, which every
    /// ClickHouse version reads for a DateTime in JSONEachRow.
    /// </summary>
    internal static class ClickHouseRows
    {
        private static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
        private static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("timestamp");
        private static readonly JsonEncodedText TimestampMs = JsonEncodedText.Encode("timestamp_ms");
        private static readonly JsonEncodedText EventType = JsonEncodedText.Encode("event_type");
        private static readonly JsonEncodedText Provider = JsonEncodedText.Encode("provider");
        private static readonly JsonEncodedText Model = JsonEncodedText.Encode("model");
        private static readonly JsonEncodedText AgentName = JsonEncodedText.Encode("agent_name");
        private static readonly JsonEncodedText Operation = JsonEncodedText.Encode("operation");
        private static readonly JsonEncodedText SessionId = JsonEncodedText.Encode("session_id");
        private static readonly JsonEncodedText UserId = JsonEncodedText.Encode("user_id");
        private static readonly JsonEncodedText DurationMs = JsonEncodedText.Encode("duration_ms");
        private static readonly JsonEncodedText InputTokens = JsonEncodedText.Encode("input_tokens");
        private static readonly JsonEncodedText OutputTokens = JsonEncodedText.Encode("output_tokens");
        private static readonly JsonEncodedText CacheCreationInputTokens = JsonEncodedText.Encode("cache_creation_input_tokens");
        private static readonly JsonEncodedText CacheCreation1hInputTokens = JsonEncodedText.Encode("cache_creation_1h_input_tokens");
        private static readonly JsonEncodedText CacheReadInputTokens = JsonEncodedText.Encode("cache_read_input_tokens");
        private static readonly JsonEncodedText ReasoningTokens = JsonEncodedText.Encode("reasoning_tokens");
        private static readonly JsonEncodedText TotalTokens = JsonEncodedText.Encode("total_tokens");
        private static readonly JsonEncodedText CostUsd = JsonEncodedText.Encode("cost_usd");
        private static readonly JsonEncodedText Success = JsonEncodedText.Encode("success");
        private static readonly JsonEncodedText Error = JsonEncodedText.Encode("error");
        private static readonly JsonEncodedText Project = JsonEncodedText.Encode("project");
        private static readonly JsonEncodedText GitBranch = JsonEncodedText.Encode("git_branch");
        private static readonly JsonEncodedText Host = JsonEncodedText.Encode("host");
        private static readonly JsonEncodedText Source = JsonEncodedText.Encode("source");
        private static readonly JsonEncodedText PromptHash = JsonEncodedText.Encode("prompt_hash");
        private static readonly JsonEncodedText ResponseHash = JsonEncodedText.Encode("response_hash");
        private static readonly JsonEncodedText Payload = JsonEncodedText.Encode("payload");
        private static readonly JsonEncodedText Version = JsonEncodedText.Encode("version");
        private static readonly JsonEncodedText Day = JsonEncodedText.Encode("day");
        private static readonly JsonEncodedText SlotStart = JsonEncodedText.Encode("slot_start");
        private static readonly JsonEncodedText Failed = JsonEncodedText.Encode("failed");
        private static readonly JsonEncodedText Events = JsonEncodedText.Encode("events");
        private static readonly JsonEncodedText Calls = JsonEncodedText.Encode("calls");
        private static readonly JsonEncodedText FailedCalls = JsonEncodedText.Encode("failed_calls");
        private static readonly JsonEncodedText UnpricedCalls = JsonEncodedText.Encode("unpriced_calls");
        private static readonly JsonEncodedText DurationSumMs = JsonEncodedText.Encode("duration_sum_ms");
        private static readonly JsonEncodedText DurationCount = JsonEncodedText.Encode("duration_count");

        /// <summary>A record's row; its version is its token total (see <see cref="ClickHouseSchema.CreateRecordsTable"/>).</summary>
        public static void WriteRecord(Utf8JsonWriter w, TelemetryRecord r)
        {
            var t = r.Tokens;
            var m = r.Metadata ?? RecordMetadata.Empty;
            var utc = r.Timestamp.UtcDateTime;
            w.WriteStartObject();
            w.WriteString(Id, r.Id);
            w.WriteNumber(Timestamp, r.Timestamp.ToUnixTimeSeconds());
            w.WriteNumber(TimestampMs, utc.Millisecond);
            w.WriteString(EventType, r.EventType);
            w.WriteString(Provider, r.Provider ?? "");
            w.WriteString(Model, r.Model ?? "");
            w.WriteString(AgentName, r.AgentName ?? "");
            w.WriteString(Operation, r.Operation ?? "");
            w.WriteString(SessionId, r.SessionId ?? "");
            w.WriteString(UserId, r.UserId ?? "");
            if (r.DurationMs is long duration) w.WriteNumber(DurationMs, duration);
            else w.WriteNull(DurationMs);
            w.WriteNumber(InputTokens, t.Input);
            w.WriteNumber(OutputTokens, t.Output);
            w.WriteNumber(CacheCreationInputTokens, t.CacheCreationInput);
            w.WriteNumber(CacheCreation1hInputTokens, t.CacheCreation1hInput);
            w.WriteNumber(CacheReadInputTokens, t.CacheReadInput);
            w.WriteNumber(ReasoningTokens, t.Reasoning);
            w.WriteNumber(TotalTokens, t.Total);
            if (r.CostUsd is double cost) w.WriteNumber(CostUsd, cost);
            else w.WriteNull(CostUsd);
            w.WriteNumber(Success, r.Success ? 1 : 0);
            if (m.Error is null) w.WriteNull(Error);
            else w.WriteString(Error, m.Error);
            w.WriteString(Project, m.Project ?? "");
            w.WriteString(GitBranch, m.GitBranch ?? "");
            w.WriteString(Host, m.Host ?? "");
            w.WriteString(Source, m.Source ?? "");
            w.WriteString(PromptHash, r.PromptHash ?? "");
            w.WriteString(ResponseHash, r.ResponseHash ?? "");
            w.WriteString(Payload, r.Payload is { IsEmpty: false } p ? p.Json : "");
            // A validated record's total is never negative; one that is still must not wrap to a huge UInt64 version.
            w.WriteNumber(Version, (ulong)Math.Max(0, t.Total));
            w.WriteEndObject();
        }

        /// <summary>A history cell's row under the send's <paramref name="version"/>.</summary>
        public static void WriteRollup(Utf8JsonWriter w, DateTime utcDay, ShipRollupRow row, ulong version)
        {
            var t = row.Totals;
            w.WriteStartObject();
            w.WriteString(Day, utcDay.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            w.WriteString(Host, row.Host ?? "");
            w.WriteNumber(SlotStart, new DateTimeOffset(DateTime.SpecifyKind(row.SlotStartUtc, DateTimeKind.Utc)).ToUnixTimeSeconds());
            w.WriteString(EventType, row.EventType);
            w.WriteString(Provider, row.Provider ?? "");
            w.WriteString(Model, row.Model ?? "");
            w.WriteString(AgentName, row.Agent ?? "");
            w.WriteString(Operation, row.Operation ?? "");
            w.WriteString(Project, row.Project ?? "");
            w.WriteString(SessionId, row.Session ?? "");
            w.WriteString(UserId, row.User ?? "");
            w.WriteNumber(Failed, row.Failed ? 1 : 0);
            w.WriteNumber(Events, t.Events);
            w.WriteNumber(Calls, t.Calls);
            w.WriteNumber(FailedCalls, t.FailedCalls);
            w.WriteNumber(InputTokens, t.InputTokens);
            w.WriteNumber(OutputTokens, t.OutputTokens);
            w.WriteNumber(CacheCreationInputTokens, t.CacheCreationInputTokens);
            w.WriteNumber(CacheCreation1hInputTokens, t.CacheCreation1hInputTokens);
            w.WriteNumber(CacheReadInputTokens, t.CacheReadInputTokens);
            w.WriteNumber(ReasoningTokens, t.ReasoningTokens);
            w.WriteNumber(TotalTokens, t.TotalTokens);
            w.WriteNumber(CostUsd, t.CostUsd);
            w.WriteNumber(UnpricedCalls, t.UnpricedCalls);
            w.WriteNumber(DurationSumMs, t.DurationSumMs);
            w.WriteNumber(DurationCount, t.DurationCount);
            w.WriteNumber(Version, version);
            w.WriteEndObject();
        }
    }
}
