using System;

namespace LlmTelemetry.Importers
{
    /// <summary>A thread's last call in a file (-1 for none) and where that call's first line starts.</summary>
    internal readonly struct StreamTail
    {
        public StreamTail(int call, long firstOffset, long firstLine)
        {
            Call = call;
            FirstOffset = firstOffset;
            FirstLine = firstLine;
        }

        public int Call { get; }
        public long FirstOffset { get; }
        public long FirstLine { get; }
    }
}
