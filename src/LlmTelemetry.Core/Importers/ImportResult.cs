using System;
using System.Collections.Generic;

namespace LlmTelemetry.Importers
{
    /// <summary>What one import did. Counts are of calls (usage entries) unless they say lines, files or bytes.</summary>
    public sealed record ImportResult
    {
        /// <summary>"claude-code", "codex", "gemini" or "jsonl".</summary>
        public string Source { get; init; } = "";
        public bool DryRun { get; init; }

        /// <summary>Files opened and read (in full or from their checkpoint).</summary>
        public int FilesRead { get; init; }

        /// <summary>Files the checkpoint showed unchanged since the last import; not opened.</summary>
        public int FilesSkippedUnchanged { get; init; }

        /// <summary>Lines read, of every kind.</summary>
        public long Lines { get; init; }

        /// <summary>Records written (in a dry run: records that would have been written).</summary>
        public long Added { get; init; }

        /// <summary>
        /// Calls stored before with less usage (the log was still being written then: a streamed response completed on
        /// a later line), corrected now: each counts once, with its larger usage, in every report.
        /// </summary>
        public long Corrected { get; init; }

        /// <summary>
        /// Usage entries not added because their call was already stored or already seen in this import
        /// (Claude Code writes one line per content block, and streaming snapshots, for each call).
        /// </summary>
        public long Duplicates { get; init; }

        /// <summary>Calls not imported because they are older than <see cref="ImportOptions.KeepSince"/> (0 unless a caller sets it).</summary>
        public long OlderThanRetention { get; init; }

        /// <summary>Lines that are not JSON, are cut off, or carry usage we cannot read. Never fatal.</summary>
        public long Malformed { get; init; }

        /// <summary>The first malformed lines, with file and line number (capped by <see cref="ImportOptions.MaxReportedMalformedLines"/>).</summary>
        public IReadOnlyList<MalformedLine> MalformedLines { get; init; } = Array.Empty<MalformedLine>();

        /// <summary>Files and folders that could not be read; the rest was imported.</summary>
        public IReadOnlyList<UnreadableFile> UnreadableFiles { get; init; } = Array.Empty<UnreadableFile>();

        /// <summary>Bytes read from the logs.</summary>
        public long Bytes { get; init; }

        public TimeSpan Elapsed { get; init; }
    }
}
