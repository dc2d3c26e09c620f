using System;
using System.IO;

namespace LlmTelemetry.Importers
{
    /// <summary>A log file as found: its size and modification time decide whether it must be read again.</summary>
    internal sealed class LogFile
    {
        public LogFile(string path, long size, DateTime mtimeUtc)
        {
            Path = path;
            Size = size;
            MtimeUtc = mtimeUtc;
        }

        public string Path { get; }
        public long Size { get; }
        public DateTime MtimeUtc { get; }
    }
}
