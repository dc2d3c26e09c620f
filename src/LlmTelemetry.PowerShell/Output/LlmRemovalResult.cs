using System;
using LlmTelemetry.Configuration;
using LlmTelemetry.Storage;

namespace LlmTelemetry
{
    /// <summary>One day archived, removed, rewritten or compacted, or one day's history deleted (Remove-LlmTelemetry -PassThru).</summary>
    public sealed class LlmRemovalResult
    {
        internal LlmRemovalResult(MaintenanceStep step, bool whatIf)
        {
            Day = DayPartition.Name(step.Day);
            Action = step.Action.ToString();
            Raw = step.Raw.ToString();
            History = step.History.ToString();
            Reason = step.Reason;
            Records = step.Records < 0 ? (long?)null : step.Records;
            Bytes = step.Bytes;
            WhatIf = whatIf;
        }

        /// <summary>The UTC day folder (yyyy-MM-dd).</summary>
        public string Day { get; }

        /// <summary>
        /// Archive (raw records removed, the day's rollup kept in history), Delete (a day folder deleted), DeleteHistory
        /// (a day's history rollup deleted), RemoveRecords (records removed by id) or Compact (gzip).
        /// </summary>
        public string Action { get; }

        /// <summary>What happens to the day's raw records: Removed, Compacted, RecordsRemoved or None (none were left).</summary>
        public string Raw { get; }

        /// <summary>What happens to the day's rollup: Kept (in history: reports still count the day), Deleted (its costs are gone) or None (the day still has raw records).</summary>
        public string History { get; }

        public string Reason { get; }

        /// <summary>Records removed (for an archived day: those its rollup keeps the sums of); null when not counted (a folder left beside its history, a compaction).</summary>
        public long? Records { get; }

        /// <summary>Bytes freed.</summary>
        public long Bytes { get; }

        /// <summary>True when nothing was changed (the user declined, or -WhatIf).</summary>
        public bool WhatIf { get; }
    }
}
