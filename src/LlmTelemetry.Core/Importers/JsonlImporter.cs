using System;
using System.IO;
using System.IO.Compression;
using LlmTelemetry.Records;

namespace LlmTelemetry.Importers
{
    /// <summary>
    /// Imports records in our own format: another machine's store (day folders with telemetry.jsonl or
    /// telemetry.jsonl.gz) or an export file. Records keep their ids, cost and metadata (host included), so merging
    /// two machines' stores gives their union; a record without metadata.source gets "jsonl".
    /// Files are read one after another on this thread and written as they go, so a large store never sits in memory.
    /// </summary>
    internal static class JsonlImporter
    {
        public static ImportResult Run(ImportRun run)
        {
            var files = run.FilesToRead();
            run.ReportProgress();
            foreach (var file in files)
            {
                run.Cancellation.ThrowIfCancellationRequested();
                var outcome = run.Guard(file, () => new JsonlOutcome(file), o => Read(run, o));
                run.Absorb(outcome);
                run.ReportProgress();
            }
            return run.Finish();
        }

        private static void Read(ImportRun run, JsonlOutcome outcome)
        {
            var file = outcome.File;
            bool gz = file.Path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
            using var raw = run.Open(file, out long startOffset, out long startLine, out var next);
            if (gz && startOffset != 0)
            {
                // A compressed day is rewritten whole, never appended to: read it again from the start.
                raw.Position = 0;
                startOffset = 0;
                startLine = 0;
            }
            var sink = new Sink(run, outcome);
            LineReadResult read;
            if (gz)
            {
                using var unzip = new GZipStream(raw, CompressionMode.Decompress, leaveOpen: true);
                read = LineReader.Read(unzip, 0, 0, sink, run.Cancellation);
                outcome.Bytes = raw.Length;
                next.Size = raw.Length;
                next.Offset = raw.Length;
                next.Line = read.EndLine;
            }
            else
            {
                read = LineReader.Read(raw, startOffset, startLine, sink, run.Cancellation);
                outcome.Bytes = read.BytesRead;
                next.Size = startOffset + read.BytesRead;
                next.Offset = read.EndOffset;
                next.Line = read.EndLine;
            }
            outcome.Lines = read.EndLine - startLine;
            outcome.Checkpoint = next;
        }

        private sealed class JsonlOutcome : FileOutcome
        {
            public JsonlOutcome(LogFile file) : base(file)
            {
            }
        }

        private sealed class Sink : LineSink
        {
            private readonly ImportRun _run;
            private readonly JsonlOutcome _outcome;
            private readonly bool _settled;
            private readonly int _cap;
            private long _pendingBytes;

            public Sink(ImportRun run, JsonlOutcome outcome)
            {
                _run = run;
                _outcome = outcome;
                _settled = run.IsSettled(outcome.File);
                _cap = run.Options.MaxReportedMalformedLines;
            }

            public override void OnBytes(long count)
            {
                _run.AddBytesDone(count);
                _pendingBytes += count;
                if (_pendingBytes >= 8 * LineReader.ChunkSize)
                {
                    _pendingBytes = 0;
                    _run.ReportProgress();
                }
            }

            public override void OnLine(ReadOnlySpan<byte> line, long offset, long lineNumber)
            {
                if (line.IsEmpty || LineReader.IsBlank(line)) return;
                if (!RecordSerializer.TryParse(line, out var record, out var problem))
                {
                    _outcome.AddMalformed(lineNumber, problem ?? "not a record", _cap);
                    return;
                }
                if (record!.Metadata.Source is null)
                    record = record with { Metadata = record.Metadata with { Source = ImportSources.JsonlName } };
                _run.Offer(record);
            }

            public override bool OnUnterminatedLine(ReadOnlySpan<byte> line, long offset, long lineNumber)
            {
                if (LineReader.IsBlank(line)) return true;
                if (RecordSerializer.TryParse(line, out _, out _))
                {
                    OnLine(line, offset, lineNumber);
                    return true;
                }
                // A store being appended to right now: the line is finished by the next import.
                if (!_settled) return false;
                _outcome.AddMalformed(lineNumber, "last line is cut off", _cap);
                return true;
            }
        }
    }
}
