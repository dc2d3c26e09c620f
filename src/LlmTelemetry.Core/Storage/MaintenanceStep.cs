using System;

namespace LlmTelemetry.Storage
{
    /// <summary>One thing maintenance or removal did (or, in a dry run, would do).</summary>
    public sealed record MaintenanceStep(DateTime Day, MaintenanceAction Action, string Reason, long Bytes, long Records)
    {
        /// <summary>What the step does to the day's raw records; follows from the action.</summary>
        public RawEffect Raw => Action switch
        {
            MaintenanceAction.Archive or MaintenanceAction.Delete => RawEffect.Removed,
            MaintenanceAction.Compact => RawEffect.Compacted,
            MaintenanceAction.RemoveRecords => RawEffect.RecordsRemoved,
            _ => RawEffect.None,
        };

        /// <summary>
        /// What the step does to the day's rollup. The action decides it except for a Delete: deleting a folder left
        /// beside the day's history by an interrupted archive keeps the day (maintenance says so, <see cref="HistoryEffect.Kept"/>),
        /// deleting any other folder takes the day's totals with it. The default is the latter, so a step that does
        /// not say otherwise never claims to keep what it deletes.
        /// </summary>
        public HistoryEffect History { get; init; } = Action switch
        {
            MaintenanceAction.Archive => HistoryEffect.Kept,
            MaintenanceAction.Delete or MaintenanceAction.DeleteHistory => HistoryEffect.Deleted,
            _ => HistoryEffect.None,
        };
    }
}
