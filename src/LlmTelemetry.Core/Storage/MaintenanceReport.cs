using System;
using System.Collections.Generic;
using System.IO.Compression;
using System.Linq;

namespace LlmTelemetry.Storage
{
    /// <summary>What a maintenance or removal run did; with <see cref="DryRun"/> nothing was changed.</summary>
    public sealed record MaintenanceReport(bool DryRun, IReadOnlyList<MaintenanceStep> Steps, long BytesBefore, long BytesAfter)
    {
        public long DaysDeleted => Steps.Count(s => s.Action == MaintenanceAction.Delete);
        public long DaysCompacted => Steps.Count(s => s.Action == MaintenanceAction.Compact);

        /// <summary>Days whose raw records were removed while their rollup stays in history.</summary>
        public long DaysArchived => Steps.Count(s => s.Action == MaintenanceAction.Archive);

        /// <summary>Days whose history rollup was deleted.</summary>
        public long HistoryDaysDeleted => Steps.Count(s => s.Action == MaintenanceAction.DeleteHistory);

        /// <summary>Raw records removed (archived days' included: their sums stay in history, the records do not).</summary>
        public long RecordsRemoved => Steps.Where(s => s.Action != MaintenanceAction.Compact && s.Action != MaintenanceAction.DeleteHistory && s.Records > 0).Sum(s => s.Records);
    }
}
