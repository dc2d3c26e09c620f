using System;
using LlmTelemetry.Configuration;
using LlmTelemetry.Storage;

namespace LlmTelemetry
{
    /// <summary>One day folder removed, rewritten or compacted (Remove-LlmTelemetry -PassThru).</summary>
    public sealed class LlmRemovalResult
    {
        internal LlmRemovalResult(MaintenanceStep step, bool whatIf)
        {
            Day = DayPartition.Name(step.Day);
            Action = step.Action.ToString();
            Reason = step.Reason;
            Records = step.Records < 0 ? (long?)null : step.Records;
            Bytes = step.Bytes;
            WhatIf = whatIf;
        }

        /// <summary>The UTC day folder (yyyy-MM-dd).</summary>
        public string Day { get; }

        /// <summary>Delete, RemoveRecords or Compact.</summary>
        public string Action { get; }

        public string Reason { get; }

        /// <summary>Records removed; null when a whole folder went by retention without being counted.</summary>
        public long? Records { get; }

        /// <summary>Bytes freed.</summary>
        public long Bytes { get; }

        /// <summary>True when nothing was changed (the user declined, or -WhatIf).</summary>
        public bool WhatIf { get; }
    }
}
