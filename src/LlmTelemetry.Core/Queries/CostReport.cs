using System;
using System.Collections.Generic;

namespace LlmTelemetry.Queries
{
    /// <summary>What a cost query asks: a range of local days, filters, group keys.</summary>
    public sealed record CostQuery
    {
        public DateRange? Range { get; init; }
        public RecordFilter Filter { get; init; } = RecordFilter.All;
        public IReadOnlyList<GroupKey> GroupBy { get; init; } = Array.Empty<GroupKey>();
        public TimeZoneInfo Zone { get; init; } = TimeZoneInfo.Local;

        /// <summary>Use day summaries for whole UTC days where they answer the question (same answer, faster).</summary>
        public bool UseSummaries { get; init; } = true;
    }

    /// <summary>The answer to a <see cref="CostQuery"/>: rows, the total row, and how much was unreadable.</summary>
    public sealed record CostReport(
        DateRange? Range,
        TimeZoneInfo Zone,
        IReadOnlyList<GroupKey> GroupBy,
        IReadOnlyList<CostRow> Rows,
        CostRow Total,
        long SkippedLines,
        int DaysFromSummaries,
        int DaysScanned);
}
