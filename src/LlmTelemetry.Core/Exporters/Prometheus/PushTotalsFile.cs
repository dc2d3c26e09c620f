using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace LlmTelemetry.Exporters.Prometheus
{
    /// <summary>The Pushgateway totals of some days as cached on disk: the stamp of what they were summed from, and the series (hosts as recorded).</summary>
    internal sealed class PushTotalsFile
    {
        /// <summary>Bumped when the series' layout (counts, buckets) changes: an older file is rebuilt.</summary>
        public const int CurrentVersion = 1;

        [JsonPropertyName("v")] public int Version { get; set; } = CurrentVersion;
        [JsonPropertyName("source")] public string Source { get; set; } = "";
        [JsonPropertyName("series")] public List<PushSeries> Series { get; set; } = new List<PushSeries>();
    }
}
