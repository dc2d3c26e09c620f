using System;
using System.Collections.Generic;

namespace LlmTelemetry.Queries
{
    /// <summary>The answer to a cost query (<see cref="CostReporter.Run(LlmTelemetry.Storage.TelemetryStore, RecordQuery, IReadOnlyList{GroupKey}, IProgress{ScanProgress})"/>): rows, the total row, and how much was unreadable.</summary>
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
