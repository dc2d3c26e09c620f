using System;
using System.Collections.Generic;

namespace LlmTelemetry.Storage
{
    /// <summary>What Remove-LlmTelemetry asks for: exactly one of the modes (the CLI's prune runs maintenance instead).</summary>
    public sealed record RemovalRequest
    {
        /// <summary>Delete the day folders older than this many days (today is day 0 and is never removed this way).</summary>
        public int? OlderThanDays { get; init; }

        /// <summary>Delete the day folders dated before this date (the folders are UTC days).</summary>
        public DateTime? Before { get; init; }

        /// <summary>Remove these records, rewriting only the days that hold them.</summary>
        public IReadOnlyList<string>? Ids { get; init; }

        /// <summary>Delete every record in the store.</summary>
        public bool All { get; init; }

        /// <summary>Run the configured retention, size cap and compaction (what the scheduled task does).</summary>
        public bool ApplyRetention { get; init; }

        /// <summary>Report what would go without changing anything.</summary>
        public bool DryRun { get; init; }
    }
}
