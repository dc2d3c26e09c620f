using System.Collections.Generic;

namespace LlmTelemetry.Storage
{
    /// <summary>
    /// What a read skipped. The count is always exact; the per-line details are kept only when asked for
    /// (and capped), because a damaged multi-GB file should not fill memory with complaints.
    /// </summary>
    public sealed class ReadDiagnostics
    {
        private readonly List<SkippedLine> _details = new List<SkippedLine>();
        private readonly object _gate = new object();

        public ReadDiagnostics(bool collectDetails = false, int maxDetails = 10_000)
        {
            CollectDetails = collectDetails;
            MaxDetails = maxDetails;
        }

        public bool CollectDetails { get; }
        public int MaxDetails { get; }
        public long SkippedLines { get; private set; }

        /// <summary>Lines that parse but repeat an id stored earlier the same day: not counted again (the first copy is the record).</summary>
        public long DuplicateLines { get; private set; }
        public long FilesRead { get; private set; }
        public long BytesRead { get; private set; }

        public IReadOnlyList<SkippedLine> Details
        {
            get { lock (_gate) return _details.ToArray(); }
        }

        internal void Skip(string file, long line, string problem)
        {
            lock (_gate)
            {
                SkippedLines++;
                if (CollectDetails && _details.Count < MaxDetails) _details.Add(new SkippedLine(file, line, problem));
            }
        }

        internal void Duplicate()
        {
            lock (_gate) DuplicateLines++;
        }

        /// <summary>Adds what another read of the same kind found.</summary>
        internal void Add(ReadDiagnostics other)
        {
            var details = other.Details;
            lock (_gate)
            {
                SkippedLines += other.SkippedLines;
                DuplicateLines += other.DuplicateLines;
                FilesRead += other.FilesRead;
                BytesRead += other.BytesRead;
                foreach (var d in details)
                    if (CollectDetails && _details.Count < MaxDetails) _details.Add(d);
            }
        }

        internal void FileDone(long bytes)
        {
            lock (_gate)
            {
                FilesRead++;
                BytesRead += bytes;
            }
        }
    }
}
