using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using LlmTelemetry.Records;

namespace LlmTelemetry.Importers
{
    /// <summary>
    /// Imports the logs other tools write (Claude Code, Codex CLI, Gemini CLI) and our own JSONL into a store. Idempotent: record
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
                ImportSource.GeminiCli => GeminiCliImporter.Run(run),
                _ => throw new ArgumentOutOfRangeException(nameof(source)),
            };
        }

        /// <summary>
        /// Imports into <paramref name="store"/> through <see cref="StoreImportTarget"/>. Every call is kept: one inside
        /// the raw retention becomes a raw record, an older one goes into its day's history rollup (the store decides,
        /// see <see cref="Storage.TelemetryStore.AppendBatch"/>), so importing last quarter's logs keeps last quarter.
        /// </summary>
        public static ImportResult Import(ImportSource source, Storage.TelemetryStore store, ImportOptions? options = null, CancellationToken cancellation = default)
        {
            var result = Import(source, new StoreImportTarget(store), options ?? new ImportOptions(), cancellation);
            PushAfter(store, options, result.Added + result.Corrected);
            return result;
        }

        /// <summary>The Pushgateway push LLM_PUSHGATEWAY_URL asks for, once per import run that stored something (not per imported call).</summary>
        private static void PushAfter(Storage.TelemetryStore store, ImportOptions? options, long stored)
        {
            if (stored > 0 && options?.DryRun != true) store.AutoPush?.Push();
        }

        /// <summary>
        /// The sources whose logs a machine's own tools write, in the order <see cref="ImportAll(Storage.TelemetryStore, ImportOptions?, CancellationToken)"/>
        /// imports them. JSONL is not one: it is another store, and always needs a path.
        /// </summary>
        internal static readonly IReadOnlyList<ImportSource> LocalSources = new[] { ImportSource.ClaudeCode, ImportSource.Codex, ImportSource.GeminiCli };

        /// <summary>
        /// Imports every source whose logs are on this machine (Claude Code, Codex CLI, Gemini CLI): each one with a
        /// default location (<see cref="DefaultLocations"/>) that exists is imported as <see cref="Import(ImportSource, IImportTarget, ImportOptions?, CancellationToken)"/>
        /// does, with its own checkpoints; the others are listed as not found, which is no error. A path belongs to one
        /// source, so <see cref="ImportOptions.Path"/> must be null: a <see cref="TelemetryValidationException"/> (path)
        /// says a source is needed. Errors and cancellation are as for one source; the sources imported before stay imported.
        /// </summary>
        internal static ImportAllResult ImportAll(IImportTarget target, ImportOptions? options = null, CancellationToken cancellation = default)
        {
            options ??= new ImportOptions();
            if (options.Path is not null)
                throw new TelemetryValidationException("path", options.Path, "needs a source: a path holds one tool's logs (claude-code, codex, gemini or jsonl)");
            var clock = Stopwatch.StartNew();
            var results = new List<ImportResult>();
            var notFound = new List<SourceNotFound>();
            foreach (var source in LocalSources)
            {
                cancellation.ThrowIfCancellationRequested();
                var locations = DefaultLocations(source);
                if (locations.Any(Directory.Exists)) results.Add(Import(source, target, options, cancellation));
                else notFound.Add(new SourceNotFound(ImportSources.NameOf(source), locations));
            }
            return new ImportAllResult { Sources = results, NotFound = notFound, Elapsed = clock.Elapsed };
        }

        /// <summary>Imports every source found on this machine into <paramref name="store"/>, as <see cref="Import(ImportSource, Storage.TelemetryStore, ImportOptions?, CancellationToken)"/> does one.</summary>
        public static ImportAllResult ImportAll(Storage.TelemetryStore store, ImportOptions? options = null, CancellationToken cancellation = default)
        {
            var all = ImportAll(new StoreImportTarget(store), options, cancellation);
            PushAfter(store, options, all.Added + all.Corrected);
            return all;
        }

        /// <summary>
        /// Imports one Claude Code session: <paramref name="transcriptPath"/> (the transcript_path a statusLine hook sends)
        /// and its subagents' logs in the folder beside it, from their checkpoints, so a session that grew by one call
        /// costs the reading of that call. The checkpoints of other logs are kept as they are.
        /// </summary>
        public static ImportResult ImportSession(Storage.TelemetryStore store, string transcriptPath, ImportOptions? options = null, CancellationToken cancellation = default)
        {
            if (store is null) throw new ArgumentNullException(nameof(store));
            if (string.IsNullOrWhiteSpace(transcriptPath)) throw new TelemetryValidationException("transcript_path", transcriptPath, "must name the session's transcript file");
            var files = ImportFiles.SessionFiles(transcriptPath);
            return Import(ImportSource.ClaudeCode, store, (options ?? new ImportOptions()) with { Path = null, Files = files }, cancellation);
        }

        /// <summary>
        /// The folders searched when <see cref="ImportOptions.Path"/> is not given: for Claude Code each CLAUDE_CONFIG_DIR
        /// entry's projects folder, else ~/.config/claude/projects and ~/.claude/projects; for Codex
        /// $CODEX_HOME/sessions or ~/.codex/sessions; for Gemini CLI $GEMINI_DATA_DIR/tmp or ~/.gemini/tmp (chat files
        /// are tmp/&lt;project&gt;/chats/session-*.json). Empty for JSONL, which always needs a path.
        /// </summary>
        public static IReadOnlyList<string> DefaultLocations(ImportSource source) => ImportFiles.DefaultRoots(source);
    }
}
