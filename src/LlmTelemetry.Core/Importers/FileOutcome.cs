using System;
using System.Collections.Generic;
using System.IO;

namespace LlmTelemetry.Importers
{
    /// <summary>What reading one file produced, before anything is written.</summary>
    internal abstract class FileOutcome
    {
        protected FileOutcome(LogFile file) => File = file;

        public LogFile File { get; }
        public long Lines { get; set; }
        public long Bytes { get; set; }
        public long Malformed { get; set; }
        public List<MalformedLine> MalformedLines { get; } = new List<MalformedLine>();

        /// <summary>The checkpoint to store when the import succeeds; null when the file could not be read.</summary>
        public FileCheckpoint? Checkpoint { get; set; }
        public string? Unreadable { get; set; }

        public void AddMalformed(long line, string problem, int cap)
        {
            Malformed++;
            if (MalformedLines.Count < cap) MalformedLines.Add(new MalformedLine(File.Path, line, problem));
        }
    }
}
