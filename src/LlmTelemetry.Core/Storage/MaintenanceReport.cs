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
        public long RecordsRemoved => Steps.Where(s => s.Action != MaintenanceAction.Compact).Sum(s => s.Records);
    }
}
