using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;

namespace LlmTelemetry.Storage
{
    /// <summary>
    /// Derived totals of the llm_call events of one UTC day (summary.json beside its JSONL): overall, per UTC hour, per dimension, plus a
    /// latency histogram. A cache only: it carries the fingerprint of the files it was built from and is rebuilt when they change.
    /// </summary>
    internal sealed class DaySummary
    {
        /// <summary>4: ids count once per day, skipped lines are counted, sealed with a checksum (see <see cref="SummaryCache"/>), and a source stamp that carries the ctime.</summary>
        public const int CurrentVersion = 4;

        /// <summary>The dimensions a summary breaks totals down by; the names are also the CLI's --by keys.</summary>
        public static readonly IReadOnlyList<string> Dimensions = new[] { "model", "provider", "agent", "operation", "project", "user", "host", "event_type" };

        [JsonPropertyName("v")] public int Version { get; set; } = CurrentVersion;
        [JsonPropertyName("day")] public string Day { get; set; } = "";
        [JsonPropertyName("source")] public string Source { get; set; } = "";
        [JsonPropertyName("skipped_lines")] public long SkippedLines { get; set; }
        [JsonPropertyName("totals")] public UsageTotals Totals { get; set; } = new UsageTotals();

        /// <summary>Totals per UTC hour (0–23): lets any whole-hour time zone regroup the day into its local days.</summary>
        [JsonPropertyName("hours")] public Dictionary<int, UsageTotals> Hours { get; set; } = new Dictionary<int, UsageTotals>();

        /// <summary>dimension → value ("" when the record has none) → totals.</summary>
        [JsonPropertyName("by")] public Dictionary<string, Dictionary<string, UsageTotals>> By { get; set; } = new Dictionary<string, Dictionary<string, UsageTotals>>();

        /// <summary>
        /// Session → [first, last] UTC hour it made a call in. A UTC day falls into at most two local days (or weeks,
        /// months): a session was active before the split hour iff its first hour is, and after it iff its last hour is,
        /// so local-day session counts need no per-hour session lists.
        /// </summary>
        [JsonPropertyName("session_hours")] public Dictionary<string, int[]> SessionHours { get; set; } = new Dictionary<string, int[]>(StringComparer.Ordinal);

        /// <summary>Latency histogram bucket → count, over llm_call events with a duration.</summary>
        [JsonPropertyName("latency")] public Dictionary<int, long> Latency { get; set; } = new Dictionary<int, long>();

        /// <summary>Totals of <paramref name="records"/>; the caller sets <see cref="SkippedLines"/> once they have been read.</summary>
        public static DaySummary Build(DateTime utcDay, IEnumerable<TelemetryRecord> records, string fingerprint)
        {
            var summary = new DaySummary { Day = DayPartition.Name(utcDay), Source = fingerprint };
            foreach (var d in Dimensions) summary.By[d] = new Dictionary<string, UsageTotals>(StringComparer.Ordinal);
            foreach (var r in records) summary.Add(r);
            return summary;
        }

        private void Add(TelemetryRecord r)
        {
            // Event counts cover every event; everything else is about llm calls, which is what cost reports ask.
            var eventKey = r.EventType;
            var events = By["event_type"];
            if (!events.TryGetValue(eventKey, out var e)) events[eventKey] = e = new UsageTotals();
            e.Add(r);
            if (!r.IsLlmCall) return;
            Totals.Add(r);
            int hour = r.Timestamp.UtcDateTime.Hour;
            if (!Hours.TryGetValue(hour, out var h)) Hours[hour] = h = new UsageTotals();
            h.Add(r);
            if (!string.IsNullOrEmpty(r.SessionId))
            {
                if (SessionHours.TryGetValue(r.SessionId!, out var span))
                {
                    if (hour < span[0]) span[0] = hour;
                    if (hour > span[1]) span[1] = hour;
                }
                else
                {
                    SessionHours[r.SessionId!] = new[] { hour, hour };
                }
            }
            foreach (var d in Dimensions)
            {
                if (d == "event_type") continue;
                var key = DimensionValue(r, d) ?? "";
                var map = By[d];
                if (!map.TryGetValue(key, out var t)) map[key] = t = new UsageTotals();
                t.Add(r);
            }
            if (r.DurationMs is long ms)
            {
                int bucket = LatencyHistogram.BucketOf(ms);
                Latency.TryGetValue(bucket, out long c);
                Latency[bucket] = c + 1;
            }
        }

        /// <summary>The value of a dimension for a record; the one definition shared with grouping.</summary>
        public static string? DimensionValue(TelemetryRecord r, string dimension) => dimension switch
        {
            "model" => r.Model,
            "provider" => r.Provider,
            "agent" => r.AgentName,
            "operation" => r.Operation,
            "project" => r.Metadata.Project,
            "user" => r.UserId,
            "host" => r.Metadata.Host,
            "event_type" => r.EventType,
            "session" => r.SessionId,
            _ => throw new ArgumentOutOfRangeException(nameof(dimension), dimension, "unknown dimension"),
        };
    }
}
