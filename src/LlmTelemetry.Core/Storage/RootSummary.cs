using System;
using System.Text.Json.Serialization;
using LlmTelemetry.Queries;

namespace LlmTelemetry.Storage
{
    /// <summary>
    /// &lt;root&gt;/summary.json: rolling totals over UTC days (today, the last 7 and 30 days including today, all time).
    /// A cache of the day summaries, rebuilt when any day's files changed.
    /// </summary>
    internal sealed class RootSummary
    {
        /// <summary>4: built from version 5 day rollups (history days included), sealed (see <see cref="SealedJson"/>).</summary>
        public const int CurrentVersion = 4;

        [JsonPropertyName("v")] public int Version { get; set; } = CurrentVersion;
        [JsonPropertyName("as_of_day")] public string AsOfDay { get; set; } = "";
        [JsonPropertyName("source")] public string Source { get; set; } = "";
        [JsonPropertyName("days")] public int Days { get; set; }
        [JsonPropertyName("today")] public UsageTotals Today { get; set; } = new UsageTotals();
        [JsonPropertyName("last_7_days")] public UsageTotals Last7Days { get; set; } = new UsageTotals();
        [JsonPropertyName("last_30_days")] public UsageTotals Last30Days { get; set; } = new UsageTotals();
        [JsonPropertyName("all_time")] public UsageTotals AllTime { get; set; } = new UsageTotals();
        [JsonPropertyName("skipped_lines")] public long SkippedLines { get; set; }
    }
}
