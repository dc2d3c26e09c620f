using System;
using System.Collections.Generic;

namespace LlmTelemetry.Queries
{
    /// <summary>
    /// Performance and usage patterns over a range (seed 001's `performance` and `patterns`), from raw records and
    /// history rollups alike; see <see cref="UsageStatsCalculator"/> for when the percentiles are exact.
    /// </summary>
    public sealed record UsageStats
    {
        public DateRange? Range { get; init; }
        public long Calls { get; init; }
        public long FailedCalls { get; init; }
        public double? SuccessRate { get; init; }
        public long Sessions { get; init; }
        public long InputTokens { get; init; }
        public long OutputTokens { get; init; }
        public long CacheCreationInputTokens { get; init; }
        public long CacheReadInputTokens { get; init; }
        public long ReasoningTokens { get; init; }
        public long TotalTokens { get; init; }
        public double CostUsd { get; init; }
        public long UnpricedCalls { get; init; }
        public double? AvgDurationMs { get; init; }
        public double? P50DurationMs { get; init; }
        public double? P95DurationMs { get; init; }
        public double? P99DurationMs { get; init; }

        /// <summary>Operations by p95 latency, slowest first.</summary>
        public IReadOnlyList<NamedUsage> SlowestOperations { get; init; } = Array.Empty<NamedUsage>();

        /// <summary>Busiest local hours of the day, most calls first.</summary>
        public IReadOnlyList<TimeSlotCount> PeakHours { get; init; } = Array.Empty<TimeSlotCount>();

        /// <summary>All 24 local hours in order (for a chart).</summary>
        public IReadOnlyList<TimeSlotCount> Hours { get; init; } = Array.Empty<TimeSlotCount>();

        /// <summary>Monday..Sunday in order.</summary>
        public IReadOnlyList<TimeSlotCount> Weekdays { get; init; } = Array.Empty<TimeSlotCount>();

        public string? BusiestWeekday { get; init; }
        public IReadOnlyList<NamedUsage> TopModels { get; init; } = Array.Empty<NamedUsage>();
        public IReadOnlyList<NamedUsage> TopAgents { get; init; } = Array.Empty<NamedUsage>();
        public IReadOnlyList<NamedUsage> TopOperations { get; init; } = Array.Empty<NamedUsage>();
        public long SkippedLines { get; init; }

        /// <summary>
        /// History days in the range that the question could not be asked of (a text search or record ids: a rollup
        /// keeps sums, not records), as in <see cref="CostReport.DaysNotSearched"/>. The stats leave them out and front
        /// ends say so; they never silently answer less.
        /// </summary>
        public IReadOnlyList<DateTime> DaysNotSearched { get; init; } = Array.Empty<DateTime>();
    }
}
