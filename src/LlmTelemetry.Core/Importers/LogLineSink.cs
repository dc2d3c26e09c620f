using System;
using System.Runtime.CompilerServices;
using LlmTelemetry.Internal;

namespace LlmTelemetry.Importers
{
    /// <summary>
    /// What reading a coding agent's log line by line comes to for every source: blank lines are skipped, a line that
    /// is not a JSON object is counted as malformed, a line that cannot carry usage is dropped by a byte search before
    /// any parsing (most lines of a log), and an unterminated last line is left for the next import while the log may
    /// still be growing. A source says which lines may matter and how one is handled.
    /// </summary>
    internal abstract class LogLineSink : LineSink
    {
        protected LogLineSink(ImportRun run, FileOutcome outcome, bool settled)
        {
            Run = run;
            Outcome = outcome;
            Settled = settled;
            Cap = run.Options.MaxReportedMalformedLines;
        }

        protected ImportRun Run { get; }

        protected FileOutcome Outcome { get; }

        /// <summary>The log has not been written to for the settle time, so a cut-off last line is final.</summary>
        protected bool Settled { get; }

        /// <summary>How many malformed lines are listed by file and line (all are counted).</summary>
        protected int Cap { get; }

        /// <summary>A cheap byte test: false when the line cannot matter to this source, so it is not parsed.</summary>
        protected abstract bool MayMatter(ReadOnlySpan<byte> line);

        /// <summary>
        /// Parses and applies a line; false, with the reason, when it does not parse (a line that parses but holds a
        /// bad value is counted by the source itself and returns true: it is complete, not still being written).
        /// </summary>
        protected abstract bool Handle(ReadOnlySpan<byte> line, long offset, long lineNumber, out string? problem);

        public sealed override void OnBytes(long count) => Run.AddBytesDone(count);

        [MethodImpl(HotPath.AggressiveOptimization)]
        public sealed override void OnLine(ReadOnlySpan<byte> line, long offset, long lineNumber)
        {
            if (line.IsEmpty || LineReader.IsBlank(line)) return;
            if (!LineReader.LooksLikeObject(line))
            {
                Outcome.AddMalformed(lineNumber, "not a complete JSON object (cut off?)", Cap);
                return;
            }
            if (!MayMatter(line)) return;
            if (!Handle(line, offset, lineNumber, out var problem)) Outcome.AddMalformed(lineNumber, problem ?? "unreadable line", Cap);
        }

        public sealed override bool OnUnterminatedLine(ReadOnlySpan<byte> line, long offset, long lineNumber)
        {
            if (LineReader.IsBlank(line)) return true;
            if (LineReader.LooksLikeObject(line) && (!MayMatter(line) || Handle(line, offset, lineNumber, out _))) return true;
            // Probably a writer half way through the line: leave it for the next import unless the log is quiet.
            if (!Settled) return false;
            Outcome.AddMalformed(lineNumber, "last line is cut off", Cap);
            return true;
        }
    }
}
