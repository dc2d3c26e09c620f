using System;
using System.Collections.Generic;

namespace LlmTelemetry.Storage
{
    /// <summary>What Remove-LlmTelemetry asks for: exactly one of the modes (the CLI's prune runs maintenance instead).</summary>
    public sealed record RemovalRequest
    {
        /// <summary>Remove the raw records older than this many days (today is day 0 and is never removed this way); their rollups stay in history.</summary>
        public int? OlderThanDays { get; init; }

        /// <summary>Remove the raw records dated before this date (UTC days); closed days keep their rollups in history.</summary>
        public DateTime? Before { get; init; }

        /// <summary>Remove these records, rewriting only the days that hold them.</summary>
        public IReadOnlyList<string>? Ids { get; init; }

        /// <summary>Remove every raw record in the store; closed days keep their rollups in history.</summary>
        public bool All { get; init; }

        /// <summary>Run the configured retention, size cap and compaction (what the scheduled task does).</summary>
        public bool ApplyRetention { get; init; }

        /// <summary>
        /// Delete the chosen days' history rollups too (with OlderThan, Before or All), so their costs are gone for
        /// good. Without it a removal only ever takes raw records.
        /// </summary>
        public bool IncludeHistory { get; init; }

        /// <summary>Report what would go without changing anything.</summary>
        public bool DryRun { get; init; }
    }
}
