using System;
using System.Collections.Generic;

namespace LlmTelemetry.Queries
{
    /// <summary>The answer to a cost query (<see cref="CostReporter.Run(LlmTelemetry.Storage.TelemetryStore, RecordQuery, IReadOnlyList{GroupKey}, IProgress{ScanProgress})"/>): rows, the total row, and how much was unreadable.</summary>
    /// <param name="DaysFromSummaries">Days answered from their rollup (a raw day's cached one, or a history day's).</param>
    /// <param name="DaysScanned">Days answered by reading their raw records.</param>
    public sealed record CostReport(
        DateRange? Range,
        TimeZoneInfo Zone,
        IReadOnlyList<GroupKey> GroupBy,
        IReadOnlyList<CostRow> Rows,
        CostRow Total,
        long SkippedLines,
        int DaysFromSummaries,
        int DaysScanned)
    {
        /// <summary>
        /// History days in the range that the question could not be asked of (a text search or record ids: a rollup
        /// keeps sums, not records). The report leaves them out and front ends say so; it never silently answers less.
        /// </summary>
        public IReadOnlyList<DateTime> DaysNotSearched { get; init; } = Array.Empty<DateTime>();
    }
}
