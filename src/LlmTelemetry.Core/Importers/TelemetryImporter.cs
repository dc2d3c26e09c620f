using System;
using System.Collections.Generic;
using System.Threading;
using LlmTelemetry.Records;

namespace LlmTelemetry.Importers
{
    /// <summary>
    /// Imports the logs other tools write (Claude Code, Codex CLI) and our own JSONL into a store. Idempotent: record
    /// ids derive from the source's ids, so importing the same logs again adds nothing. Incremental: a per-source
    /// checkpoint lets unchanged logs go unread and grown logs be read from where the last import stopped.
    /// </summary>
    public static class TelemetryImporter
    {
        /// <summary>
        /// Imports <paramref name="source"/> into <paramref name="target"/>. Malformed lines and unreadable files are
        /// counted and listed in the result, never thrown. Throws <see cref="TelemetryException"/> (ImportError) for a
        /// path that does not exist, or the store's own error when writing fails; <see cref="OperationCanceledException"/>
        /// when cancelled (nothing after the last written batch is written, and no checkpoint is saved).
        /// </summary>
        public static ImportResult Import(ImportSource source, IImportTarget target, ImportOptions? options = null, CancellationToken cancellation = default)
        {
            var run = new ImportRun(source, target, options ?? new ImportOptions(), cancellation);
            return source switch
            {
                ImportSource.ClaudeCode => ClaudeCodeImporter.Run(run),
                ImportSource.Codex => CodexImporter.Run(run),
                ImportSource.Jsonl => JsonlImporter.Run(run),
                _ => throw new ArgumentOutOfRangeException(nameof(source)),
            };
        }

        /// <summary>
        /// Imports into <paramref name="store"/> through <see cref="StoreImportTarget"/>. Every call is kept: one inside
        /// the raw retention becomes a raw record, an older one goes into its day's history rollup (the store decides,
        /// see <see cref="Storage.TelemetryStore.AppendBatch"/>), so importing last quarter's logs keeps last quarter.
        /// </summary>
        public static ImportResult Import(ImportSource source, Storage.TelemetryStore store, ImportOptions? options = null, CancellationToken cancellation = default)
            => Import(source, new StoreImportTarget(store), options ?? new ImportOptions(), cancellation);

        /// <summary>
        /// The folders searched when <see cref="ImportOptions.Path"/> is not given: for Claude Code each CLAUDE_CONFIG_DIR
        /// entry's projects folder, else ~/.config/claude/projects and ~/.claude/projects; for Codex
        /// $CODEX_HOME/sessions or ~/.codex/sessions. Empty for JSONL, which always needs a path.
        /// </summary>
        public static IReadOnlyList<string> DefaultLocations(ImportSource source) => ImportFiles.DefaultRoots(source);
    }
}
