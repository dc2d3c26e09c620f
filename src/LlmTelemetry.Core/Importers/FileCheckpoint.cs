using System;
using System.Collections.Generic;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Importers
{
    /// <summary>How far one log file was read, and what it looked like then.</summary>
    internal sealed class FileCheckpoint
    {
        public long Size { get; set; }
        public long MtimeTicks { get; set; }

        /// <summary>Where the next read starts; less than <see cref="Size"/> when a growing log's tail was left for later.</summary>
        public long Offset { get; set; }

        /// <summary>Lines before <see cref="Offset"/>, so resumed reads still report true line numbers.</summary>
        public long Line { get; set; }

        /// <summary>A hash of the file's first bytes: a log replaced by another one of equal or larger size is read again in full.</summary>
        public ulong Fingerprint { get; set; }
        public int FingerprintLength { get; set; }

        /// <summary>What a source must carry across a resumed read (Codex: session, model, last running total).</summary>
        public Dictionary<string, string>? State { get; set; }
    }
}
