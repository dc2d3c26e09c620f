using LlmTelemetry.Importers;

namespace LlmTelemetry
{
    /// <summary>What Import-LlmTelemetry did (or, with -WhatIf, would do): flat counts, one CSV row per import.</summary>
    public sealed class LlmImportResult
    {
        internal LlmImportResult(ImportResult r)
        {
            Source = r.Source;
            DryRun = r.DryRun;
            FilesRead = r.FilesRead;
            FilesUnchanged = r.FilesSkippedUnchanged;
            FilesUnreadable = r.UnreadableFiles.Count;
            Lines = r.Lines;
            Added = r.Added;
            Corrected = r.Corrected;
            Duplicates = r.Duplicates;
            OlderThanRetention = r.OlderThanRetention;
            Malformed = r.Malformed;
            Bytes = r.Bytes;
            ElapsedSeconds = r.Elapsed.TotalSeconds;
        }

        /// <summary>claude-code, codex, gemini or jsonl.</summary>
        public string Source { get; }

        /// <summary>True with -WhatIf: everything was read and counted, nothing written.</summary>
        public bool DryRun { get; }

        public int FilesRead { get; }

        /// <summary>Files unchanged since the last import, not read again.</summary>
        public int FilesUnchanged { get; }

        public int FilesUnreadable { get; }
        public long Lines { get; }

        /// <summary>Records written (with -WhatIf: that would be written).</summary>
        public long Added { get; }

        /// <summary>
        /// Calls stored before with less usage (their log was still being written), corrected now: each counts once,
        /// with its larger usage.
        /// </summary>
        public long Corrected { get; }

        /// <summary>Calls already in the store, or seen twice in the logs.</summary>
        public long Duplicates { get; }

        /// <summary>
        /// 0: calls older than the raw retention are imported into their day's history rollup (and counted in Added).
        /// Kept so that scripts and CSV files that read it go on working.
        /// </summary>
        public long OlderThanRetention { get; }

        /// <summary>
        /// 0: no call is held back any more (a call a later line enlarges is corrected then, see Corrected). Kept so
        /// that scripts and CSV files that read it go on working.
        /// </summary>
        public long Deferred => 0;

        /// <summary>Lines that could not be read; never fatal.</summary>
        public long Malformed { get; }

        public long Bytes { get; }
        public double ElapsedSeconds { get; }
    }
}
