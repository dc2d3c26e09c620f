using System;
using System.IO.Compression;

namespace LlmTelemetry.Storage
{
    public enum MaintenanceAction
    {
        Delete,
        Compact,
        RemoveRecords,

        /// <summary>A day's raw records removed, its rollup kept in the history tier.</summary>
        Archive,

        /// <summary>A day's history rollup deleted (history limits, or a removal that includes history).</summary>
        DeleteHistory,
    }
}
