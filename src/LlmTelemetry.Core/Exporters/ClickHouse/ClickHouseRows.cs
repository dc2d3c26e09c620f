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
        private static readonly JsonEncodedText TimestampMs = JsonEncodedText.Encode("timestamp_ms");
        private static readonly JsonEncodedText InputTokens = JsonEncodedText.Encode("input_tokens");
        private static readonly JsonEncodedText OutputTokens = JsonEncodedText.Encode("output_tokens");
        private static readonly JsonEncodedText CacheCreationInputTokens = JsonEncodedText.Encode("cache_creation_input_tokens");
        private static readonly JsonEncodedText CacheCreation1hInputTokens = JsonEncodedText.Encode("cache_creation_1h_input_tokens");
        private static readonly JsonEncodedText CacheReadInputTokens = JsonEncodedText.Encode("cache_read_input_tokens");
        private static readonly JsonEncodedText ReasoningTokens = JsonEncodedText.Encode("reasoning_tokens");
        private static readonly JsonEncodedText TotalTokens = JsonEncodedText.Encode("total_tokens");
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
            w.WriteString(RecordWriter.Id, r.Id);
            w.WriteNumber(RecordWriter.Timestamp, r.Timestamp.ToUnixTimeSeconds());
            w.WriteNumber(TimestampMs, utc.Millisecond);
            w.WriteString(RecordWriter.EventType, r.EventType);
            w.WriteString(RecordWriter.Provider, r.Provider ?? "");
            w.WriteString(RecordWriter.Model, r.Model ?? "");
            w.WriteString(RecordWriter.AgentName, r.AgentName ?? "");
            w.WriteString(RecordWriter.Operation, r.Operation ?? "");
            w.WriteString(RecordWriter.SessionId, r.SessionId ?? "");
            w.WriteString(RecordWriter.UserId, r.UserId ?? "");
            if (r.DurationMs is long duration) w.WriteNumber(RecordWriter.DurationMs, duration);
            else w.WriteNull(RecordWriter.DurationMs);
            WriteTokens(w, t.Input, t.Output, t.CacheCreationInput, t.CacheCreation1hInput, t.CacheReadInput, t.Reasoning, t.Total);
            if (r.CostUsd is double cost) w.WriteNumber(RecordWriter.CostUsd, cost);
            else w.WriteNull(RecordWriter.CostUsd);
            w.WriteNumber(RecordWriter.Success, r.Success ? 1 : 0);
            if (m.Error is null) w.WriteNull(RecordWriter.Error);
            else w.WriteString(RecordWriter.Error, m.Error);
            w.WriteString(RecordWriter.Project, m.Project ?? "");
            w.WriteString(RecordWriter.GitBranch, m.GitBranch ?? "");
            w.WriteString(RecordWriter.Host, m.Host ?? "");
            w.WriteString(RecordWriter.Source, m.Source ?? "");
            w.WriteString(RecordWriter.PromptHash, r.PromptHash ?? "");
            w.WriteString(RecordWriter.ResponseHash, r.ResponseHash ?? "");
            w.WriteString(RecordWriter.Payload, r.Payload is { IsEmpty: false } p ? p.Json : "");
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
            w.WriteString(RecordWriter.Host, row.Host ?? "");
            w.WriteNumber(SlotStart, new DateTimeOffset(DateTime.SpecifyKind(row.SlotStartUtc, DateTimeKind.Utc)).ToUnixTimeSeconds());
            w.WriteString(RecordWriter.EventType, row.EventType);
            w.WriteString(RecordWriter.Provider, row.Provider ?? "");
            w.WriteString(RecordWriter.Model, row.Model ?? "");
            w.WriteString(RecordWriter.AgentName, row.Agent ?? "");
            w.WriteString(RecordWriter.Operation, row.Operation ?? "");
            w.WriteString(RecordWriter.Project, row.Project ?? "");
            w.WriteString(RecordWriter.SessionId, row.Session ?? "");
            w.WriteString(RecordWriter.UserId, row.User ?? "");
            w.WriteNumber(Failed, row.Failed ? 1 : 0);
            w.WriteNumber(Events, t.Events);
            w.WriteNumber(Calls, t.Calls);
            w.WriteNumber(FailedCalls, t.FailedCalls);
            WriteTokens(w, t.InputTokens, t.OutputTokens, t.CacheCreationInputTokens, t.CacheCreation1hInputTokens, t.CacheReadInputTokens, t.ReasoningTokens, t.TotalTokens);
            w.WriteNumber(RecordWriter.CostUsd, t.CostUsd);
            w.WriteNumber(UnpricedCalls, t.UnpricedCalls);
            w.WriteNumber(DurationSumMs, t.DurationSumMs);
            w.WriteNumber(DurationCount, t.DurationCount);
            w.WriteNumber(Version, version);
            w.WriteEndObject();
        }

        /// <summary>The token columns (<see cref="ClickHouseSchema.TokenColumns"/>), the same in both tables.</summary>
        private static void WriteTokens(Utf8JsonWriter w, long input, long output, long cacheWrite, long cacheWrite1h, long cacheRead, long reasoning, long total)
        {
            w.WriteNumber(InputTokens, input);
            w.WriteNumber(OutputTokens, output);
            w.WriteNumber(CacheCreationInputTokens, cacheWrite);
            w.WriteNumber(CacheCreation1hInputTokens, cacheWrite1h);
            w.WriteNumber(CacheReadInputTokens, cacheRead);
            w.WriteNumber(ReasoningTokens, reasoning);
            w.WriteNumber(TotalTokens, total);
        }
    }
}
