using System;
using System.Collections.Generic;
using System.Threading;
using LlmTelemetry.Pricing;

namespace LlmTelemetry.Importers
{
    /// <summary>How to run one import. Every property has a default that suits an interactive import.</summary>
    public sealed record ImportOptions
    {
        /// <summary>
        /// A file or folder to read instead of the source's default locations. Required for <see cref="ImportSource.Jsonl"/>
        /// (a store folder with day folders, or one .jsonl / .jsonl.gz file). One source's logs: an import of every
        /// source (<see cref="TelemetryImporter.ImportAll(Storage.TelemetryStore, ImportOptions?, CancellationToken)"/>) refuses it.
        /// </summary>
        public string? Path { get; init; }

        /// <summary>Parse and count everything, write nothing: no records and no checkpoint.</summary>
        public bool DryRun { get; init; }

        /// <summary>
        /// Calls before this instant are counted (<see cref="ImportResult.OlderThanRetention"/>), not imported. Unset by
        /// default: a store keeps calls older than its raw retention in its history tier.
        /// </summary>
        public DateTimeOffset? KeepSince { get; init; }

        /// <summary>Read every file in full, ignoring the checkpoints. Ids still keep the store free of duplicates.</summary>
        public bool IgnoreCheckpoints { get; init; }

        /// <summary>
        /// Prices calls that carry no cost of their own; null leaves cost_usd null. A Claude Code line's own costUSD
        /// always wins. Called from the importing thread only.
        /// </summary>
        public ICallPricer? Pricer { get; init; }

        /// <summary>metadata.host for Claude Code and Codex records; defaults to this machine's name.</summary>
        public string? Host { get; init; }

        /// <summary>
        /// A log written to within this time may be half way through its last line: an unterminated last line that
        /// does not parse is left for the next import rather than counted malformed. Every whole line is imported at
        /// once; a call whose usage a later line enlarges is corrected then (<see cref="ImportResult.Corrected"/>).
        /// Zero takes every cut-off last line as final.
        /// </summary>
        public TimeSpan SettleTime { get; init; } = TimeSpan.FromMinutes(2);

        /// <summary>Files parsed at once; defaults to the processor count.</summary>
        public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

        /// <summary>How many malformed lines <see cref="ImportResult.MalformedLines"/> lists (all are counted).</summary>
        public int MaxReportedMalformedLines { get; init; } = 50;

        /// <summary>Files and bytes done; reported on the calling thread.</summary>
        public IProgress<ImportProgress>? Progress { get; init; }

        /// <summary>Records per <see cref="IImportTarget.AppendBatch"/> call.</summary>
        public int BatchSize { get; init; } = 2000;

        /// <summary>
        /// Keyed calls the Claude Code import sorts at once when it chooses each call's best version (see
        /// ClaudeCodeImporter.Choose): more are chosen a share at a time. Tests make it small to go through shares.
        /// </summary>
        internal int ChooseShare { get; init; } = 1 << 18;

        /// <summary>
        /// Exactly these log files instead of <see cref="Path"/> or the default locations (a Claude Code session's
        /// transcript and its subagents' logs). Checkpoints of other files are left alone: they are not this run's.
        /// </summary>
        internal IReadOnlyList<string>? Files { get; init; }

        /// <summary>The clock the settle time is measured against; tests move it.</summary>
        internal Func<DateTimeOffset> UtcNow { get; init; } = () => DateTimeOffset.UtcNow;
    }
}
