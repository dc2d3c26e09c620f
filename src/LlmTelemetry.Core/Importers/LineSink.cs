using System;

namespace LlmTelemetry.Importers
{
    /// <summary>Receives the lines <see cref="LineReader"/> splits; the span is only valid during the call.</summary>
    internal abstract class LineSink
    {
        /// <summary>A line ended by '\n' (without it and without a trailing '\r'). <paramref name="lineNumber"/> is 1-based.</summary>
        public abstract void OnLine(ReadOnlySpan<byte> line, long offset, long lineNumber);

        /// <summary>
        /// The file's last line has no '\n' yet: it may be complete, or a writer may be half way through it.
        /// Return true when it was consumed; false leaves it (and the checkpoint) for the next import.
        /// </summary>
        public abstract bool OnUnterminatedLine(ReadOnlySpan<byte> line, long offset, long lineNumber);

        /// <summary>Called after each chunk read, with the bytes it held.</summary>
        public virtual void OnBytes(long count)
        {
        }
    }
}
