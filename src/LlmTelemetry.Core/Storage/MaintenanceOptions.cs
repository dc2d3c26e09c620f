using System;
using System.IO.Compression;

namespace LlmTelemetry.Storage
{
    /// <summary>Settings for one maintenance run; null values use the store's effective settings.</summary>
    public sealed record MaintenanceOptions
    {
        public bool DryRun { get; init; }
        public int? RetentionDays { get; init; }
        public int? MaxSizeMB { get; init; }
        public int? CompactAfterDays { get; init; }
        public int? HistoryDays { get; init; }
        public int? HistoryMaxSizeMB { get; init; }
    }
}
