using System;

namespace LlmTelemetry.Importers
{
    internal readonly struct LineReadResult
    {
        public LineReadResult(long endOffset, long endLine, long bytesRead)
        {
            EndOffset = endOffset;
            EndLine = endLine;
            BytesRead = bytesRead;
        }

        /// <summary>Offset just after the last consumed line: where the next import resumes.</summary>
        public long EndOffset { get; }

        /// <summary>Lines before <see cref="EndOffset"/>.</summary>
        public long EndLine { get; }

        public long BytesRead { get; }
    }
}
