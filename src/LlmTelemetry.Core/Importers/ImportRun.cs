using LlmTelemetry.Internal;
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using LlmTelemetry.Pricing;
using LlmTelemetry.Records;

namespace LlmTelemetry.Importers
{
    /// <summary>One import of one source: the files, their checkpoints, the counters and the writes.</summary>
    internal sealed class ImportRun
    {
        /// <summary>The operation of every call a coding agent's log records: a chat turn.</summary>
        public const string CallOperation = "chat";

        private readonly Stopwatch _clock = Stopwatch.StartNew();
        private readonly List<MalformedLine> _malformedLines = new List<MalformedLine>();
        private readonly List<TelemetryRecord> _batch = new List<TelemetryRecord>();
        // Ids offered so far, as 128-bit hashes (not the id strings), with the largest token total offered: one id under
        // two timestamps would otherwise be stored on two days, and a larger version later in the run is still offered
        // (the store makes it a correction). An importer that already made its ids unique says so and skips this.
        private readonly Dictionary<Hash128, long> _seenIds = new Dictionary<Hash128, long>();
        private readonly HashSet<string> _seenFiles = new HashSet<string>(FileCheckpoints.PathComparer);
        private long _bytesDone;
        private int _filesDone;

        public ImportRun(ImportSource source, IImportTarget target, ImportOptions options, CancellationToken cancellation)
        {
            Source = source;
            SourceName = ImportSources.NameOf(source);
            Target = target ?? throw new ArgumentNullException(nameof(target));
            Options = options ?? throw new ArgumentNullException(nameof(options));
            Cancellation = cancellation;
            Host = string.IsNullOrWhiteSpace(options.Host) ? SafeMachineName() : options.Host!;
            Now = options.UtcNow();
            Checkpoints = FileCheckpoints.Load(target.StateDirectory, SourceName);
        }

        public ImportSource Source { get; }
        public string SourceName { get; }
        public IImportTarget Target { get; }
        public ImportOptions Options { get; }
        public CancellationToken Cancellation { get; }
        public string Host { get; }
        public DateTimeOffset Now { get; }
        public FileCheckpoints Checkpoints { get; }
        public List<UnreadableFile> Unreadable { get; } = new List<UnreadableFile>();

        public int FilesRead { get; private set; }
        public int FilesSkipped { get; private set; }
        public int FilesTotal { get; private set; }
        public long BytesTotal { get; private set; }
        public long Lines { get; private set; }
        public long Bytes { get; private set; }
        public long Malformed { get; private set; }
        public long Added { get; private set; }
        public long Corrected { get; private set; }
        public long Duplicates { get; set; }

        public long OlderThanRetention { get; set; }

        /// <summary>Finds the source's files and splits them into those to read and those the checkpoint shows unchanged.</summary>
        public List<LogFile> FilesToRead()
        {
            var all = Options.Files is { } listed ? ImportFiles.FindListed(listed, Unreadable) : ImportFiles.Find(Source, Options.Path, Unreadable);
            var toRead = new List<LogFile>(all.Count);
            foreach (var file in all)
            {
                _seenFiles.Add(file.Path);
                var cp = Options.IgnoreCheckpoints ? null : Checkpoints.Get(file.Path);
                if (cp is not null && cp.Size == file.Size && cp.MtimeTicks == file.MtimeUtc.Ticks && cp.Offset == cp.Size)
                {
                    FilesSkipped++;
                    continue;
                }
                toRead.Add(file);
                BytesTotal += file.Size;
            }
            FilesTotal = toRead.Count;
            return toRead;
        }

        /// <summary>
        /// Opens a log for reading and says where to start: at the checkpoint when the file only grew since
        /// (same first bytes, not shorter), else at 0. Shared so that a writer can keep appending.
        /// </summary>
        public FileStream Open(LogFile file, out long startOffset, out long startLine, out FileCheckpoint next)
        {
            var stream = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
            try
            {
                long length = stream.Length;
                var cp = Options.IgnoreCheckpoints ? null : Checkpoints.Get(file.Path);
                startOffset = 0;
                startLine = 0;
                int fpLength = (int)Math.Min(length, FileCheckpoints.FingerprintBytes);
                ulong? oldPrefix = null;
                if (cp is not null && cp.Offset <= length && cp.FingerprintLength <= length && cp.Size <= length)
                {
                    oldPrefix = FileCheckpoints.ComputeFingerprint(stream, cp.FingerprintLength);
                    if (oldPrefix == cp.Fingerprint)
                    {
                        startOffset = cp.Offset;
                        startLine = cp.Line;
                    }
                }
                next = new FileCheckpoint
                {
                    MtimeTicks = file.MtimeUtc.Ticks,
                    Fingerprint = oldPrefix is ulong same && cp!.FingerprintLength == fpLength ? same : FileCheckpoints.ComputeFingerprint(stream, fpLength),
                    FingerprintLength = fpLength,
                    State = cp is not null && startOffset > 0 ? cp.State : null,
                };
                stream.Position = startOffset;
                return stream;
            }
            catch
            {
                stream.Dispose();
                throw;
            }
        }

        /// <summary>
        /// The log has not been written to for <see cref="ImportOptions.SettleTime"/>: an unterminated last line that
        /// does not parse is then final (counted malformed), not a line its writer is half way through. Whole lines
        /// are never held back.
        /// </summary>
        public bool IsSettled(LogFile file)
            => Options.SettleTime <= TimeSpan.Zero || Now - new DateTimeOffset(file.MtimeUtc, TimeSpan.Zero) >= Options.SettleTime;

        public void AddBytesDone(long count) => Interlocked.Add(ref _bytesDone, count);

        /// <summary>
        /// Parses files on worker threads (they share nothing but counters) while this thread reports progress,
        /// so an IProgress bound to a UI or a PowerShell host is only called from the caller's thread.
        /// Outcomes come back in file order, which keeps the result independent of thread timing.
        /// </summary>
        public TOutcome[] ParseAll<TOutcome>(List<LogFile> files, Func<LogFile, TOutcome> parse) where TOutcome : FileOutcome
        {
            var outcomes = new TOutcome[files.Count];
            ReportProgress();
            if (files.Count == 0) return outcomes;
            var tasks = StartWorkers(files.Count, i =>
            {
                Cancellation.ThrowIfCancellationRequested();
                outcomes[i] = parse(files[i]);
                Interlocked.Increment(ref _filesDone);
            }, Cancellation);
            WaitAll(tasks, ReportProgress);
            ReportProgress();
            return outcomes;
        }

        /// <summary>
        /// Starts a long-running worker per core (no more than <paramref name="count"/>), which between them run
        /// <paramref name="body"/> for 0..count-1, each index once, in order of claiming: the imports' file-by-file work.
        /// </summary>
        public Task[] StartWorkers(int count, Action<int> body, CancellationToken cancellation)
        {
            int workers = Math.Max(1, Math.Min(Options.MaxDegreeOfParallelism, count));
            int next = -1;
            void Work()
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < count) body(i);
            }
            var tasks = new Task[workers];
            for (int w = 0; w < workers; w++) tasks[w] = Task.Factory.StartNew(Work, cancellation, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            return tasks;
        }

        /// <summary>
        /// Waits for <paramref name="tasks"/>, calling <paramref name="meanwhile"/> every 250 ms, and throws a worker's
        /// own exception (cancellation, the store's error) rather than the AggregateException that wraps it.
        /// </summary>
        public static void WaitAll(Task[] tasks, Action? meanwhile = null)
        {
            try
            {
                while (!Task.WaitAll(tasks, 250)) meanwhile?.Invoke();
            }
            catch (AggregateException ex) when (ex.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                throw;
            }
        }

        /// <summary>Runs <paramref name="body"/> for 0..count-1 split over the worker count; for pure work only.</summary>
        public void ForEachIndex(int count, Action<int> body)
        {
            int workers = Math.Max(1, Math.Min(Options.MaxDegreeOfParallelism, count / 512));
            if (workers == 1)
            {
                for (int i = 0; i < count; i++) body(i);
                return;
            }
            var tasks = new Task[workers - 1];
            for (int w = 1; w < workers; w++)
            {
                int worker = w;
                tasks[w - 1] = Task.Run(() =>
                {
                    for (int i = worker; i < count; i += workers) body(i);
                });
            }
            for (int i = 0; i < count; i += workers) body(i);
            Task.WaitAll(tasks);
        }

        public void ReportProgress()
        {
            Options.Progress?.Report(new ImportProgress(SourceName, Volatile.Read(ref _filesDone), FilesTotal, Interlocked.Read(ref _bytesDone), BytesTotal));
        }

        /// <summary>Adds a file's counts; keeps its checkpoint for the end of the import.</summary>
        public void Absorb(FileOutcome outcome)
        {
            if (outcome.Unreadable is not null)
            {
                Unreadable.Add(new UnreadableFile(outcome.File.Path, outcome.Unreadable));
                return;
            }
            FilesRead++;
            Lines += outcome.Lines;
            Bytes += outcome.Bytes;
            Malformed += outcome.Malformed;
            foreach (var m in outcome.MalformedLines)
                if (_malformedLines.Count < Options.MaxReportedMalformedLines) _malformedLines.Add(m);
            if (outcome.Checkpoint is not null) Checkpoints.Set(outcome.File.Path, outcome.Checkpoint);
        }

        /// <summary>
        /// Queues a record unless its id was offered before in this import (<paramref name="uniqueInRun"/>: the importer
        /// made sure it was not). Whether it is stored already is decided by the store when the batch is written, under its lock, which is what makes two imports at once store a call once;
        /// <see cref="Flush"/> counts those as duplicates. Only a dry run, which writes nothing, checks each record here:
        /// asking the store on every record cost a stat of the day's files per call (a quarter of a large import).
        /// </summary>
        [MethodImpl(HotPath.AggressiveOptimization)]
        public void Offer(TelemetryRecord record, bool uniqueInRun = false)
        {
            if (Options.KeepSince is { } keepSince && record.Timestamp < keepSince)
            {
                // The caller asked for calls from this instant on only.
                OlderThanRetention++;
                return;
            }
            if ((!uniqueInRun && !FirstOrLarger(record)) || (Options.DryRun && Target.ContainsId(record.Id, record.Timestamp)))
            {
                Duplicates++;
                return;
            }
            Added++;
            if (Options.DryRun) return;
            _batch.Add(record);
            if (_batch.Count >= Math.Max(1, Options.BatchSize)) Flush();
        }

        /// <summary>True for an id not offered before in this run, or offered with a smaller token total.</summary>
        private bool FirstOrLarger(TelemetryRecord record)
        {
            var key = Hash128.Of(record.Id);
            if (_seenIds.TryGetValue(key, out long total) && record.Tokens.Total <= total) return false;
            _seenIds[key] = record.Tokens.Total;
            return true;
        }

        /// <summary>
        /// Offers <paramref name="record"/>, made from the log entry at <paramref name="file"/>:<paramref name="line"/>,
        /// once it passes the record rules; when it does not, counts that line as malformed (file, line, reason)
        /// instead, so one hostile line costs that line, never the import.
        /// </summary>
        public void OfferValid(TelemetryRecord record, string file, long line, bool uniqueInRun = false)
        {
            try
            {
                RecordValidator.Validate(record);
            }
            catch (TelemetryValidationException ex)
            {
                CountMalformed(file, line, ex.Message);
                return;
            }
            Offer(record, uniqueInRun);
        }

        private void CountMalformed(string file, long line, string problem)
        {
            Malformed++;
            if (_malformedLines.Count < Options.MaxReportedMalformedLines) _malformedLines.Add(new MalformedLine(file, line, problem));
        }

        /// <summary>
        /// Offers the record of a call read from <paramref name="file"/>:<paramref name="line"/>, priced by the registry
        /// when the log states no cost. A price the record rules refuse (an absurd override) costs that line only: it
        /// is counted as malformed, with the reason.
        /// </summary>
        [MethodImpl(HotPath.AggressiveOptimization)]
        public void OfferCall(in LoggedCall call, string file, long line, bool uniqueInRun = false)
        {
            double? cost = call.CostUsd;
            if (cost is null)
            {
                var priced = CheckedPrice.Of(Options.Pricer, call.Model, call.Tokens, call.Timestamp);
                if (priced.Problem is { } problem)
                {
                    CountMalformed(file, line, problem);
                    return;
                }
                cost = priced.Cost;
            }
            var record = new TelemetryRecord
            {
                Id = call.Id,
                Timestamp = call.Timestamp,
                Provider = call.Provider,
                Model = call.Model,
                AgentName = call.Agent,
                Operation = CallOperation,
                SessionId = call.SessionId,
                Tokens = call.Tokens,
                CostUsd = cost,
                Metadata = new RecordMetadata
                {
                    Project = call.Project,
                    GitBranch = call.GitBranch,
                    Host = Host,
                    Source = SourceName,
                    Extra = call.Extra,
                },
            };
            OfferValid(record, file, line, uniqueInRun);
        }

        /// <summary>
        /// Reads one log from its checkpoint through <paramref name="sink"/> and records where the next import starts:
        /// the bookkeeping every line-by-line source shares. <paramref name="finish"/> may move the checkpoint back
        /// (a call still being written) or add to it (a source's own state). I/O failures make the file unreadable.
        /// </summary>
        public TOutcome ReadLog<TOutcome, TSink>(LogFile file, Func<TOutcome> create, Func<TOutcome, FileCheckpoint, TSink> sink,
            Action<TOutcome, TSink, FileCheckpoint>? finish = null)
            where TOutcome : FileOutcome
            where TSink : LineSink
        {
            return Guard(file, create, outcome =>
            {
                using var stream = Open(file, out long startOffset, out long startLine, out var next);
                var lines = sink(outcome, next);
                var read = LineReader.Read(stream, startOffset, startLine, lines, Cancellation);
                outcome.Lines = read.EndLine - startLine;
                outcome.Bytes = read.BytesRead;
                next.Size = startOffset + read.BytesRead;
                next.Offset = read.EndOffset;
                next.Line = read.EndLine;
                finish?.Invoke(outcome, lines, next);
                outcome.Checkpoint = next;
            });
        }

        public void Flush()
        {
            if (_batch.Count == 0) return;
            var written = Target.AppendBatch(_batch.ToArray());
            // Offer counted every record as added. Some were stored already: larger versions are corrections, and the
            // rest duplicates (an earlier import, or another writer since Offer checked: two imports at once).
            int notAdded = _batch.Count - written.Added;
            Added -= notAdded;
            Corrected += written.Corrected;
            Duplicates += notAdded - written.Corrected;
            _batch.Clear();
        }

        /// <summary>Writes what is queued, then the checkpoints: a crash in between re-reads, and ids make that harmless.</summary>
        public ImportResult Finish()
        {
            if (!Options.DryRun)
            {
                Flush();
                // A run of listed files saw only them: every other entry would be checked for nothing (a stat each).
                if (Options.Files is null) Checkpoints.PruneMissing(_seenFiles);
                Checkpoints.Save();
            }
            return new ImportResult
            {
                Source = SourceName,
                DryRun = Options.DryRun,
                FilesRead = FilesRead,
                FilesSkippedUnchanged = FilesSkipped,
                Lines = Lines,
                Added = Added,
                Corrected = Corrected,
                Duplicates = Duplicates,
                OlderThanRetention = OlderThanRetention,
                Malformed = Malformed,
                MalformedLines = _malformedLines.ToArray(),
                UnreadableFiles = Unreadable.ToArray(),
                Bytes = Bytes,
                Elapsed = _clock.Elapsed,
            };
        }

        /// <summary>
        /// A file found changed (or unreadable) when its lines were read a second time, after its checkpoint was taken:
        /// reported as unreadable, and its checkpoint dropped so that the next import reads it whole.
        /// </summary>
        public void Rewritten(FileOutcome outcome, string problem)
        {
            Unreadable.Add(new UnreadableFile(outcome.File.Path, problem));
            Checkpoints.Remove(outcome.File.Path);
        }

        /// <summary>Runs one file's parse, turning I/O failures into an "unreadable" outcome so the other files still import.</summary>
        public TOutcome Guard<TOutcome>(LogFile file, Func<TOutcome> create, Action<TOutcome> parse) where TOutcome : FileOutcome
        {
            var outcome = create();
            try
            {
                parse(outcome);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is InvalidDataException)
            {
                outcome.Unreadable = ex.Message;
                outcome.Checkpoint = null;
            }
            return outcome;
        }

        /// <summary>The record validator's range: a log line dated outside it is reported, not imported.</summary>
        public static bool IsStorableTime(DateTimeOffset at) => at.UtcDateTime.Year >= 1970 && at.UtcDateTime.Year <= 9998;

        /// <summary>"folder name of cwd": the last segment of a Unix or Windows path.</summary>
        public static string? ProjectName(string? cwd)
        {
            if (string.IsNullOrEmpty(cwd)) return null;
            var trimmed = cwd!.TrimEnd('/', '\\');
            int cut = trimmed.LastIndexOfAny(new[] { '/', '\\' });
            var name = cut >= 0 ? trimmed.Substring(cut + 1) : trimmed;
            return name.Length == 0 ? cwd : name;
        }

        private static string SafeMachineName()
        {
            try
            {
                return Environment.MachineName;
            }
            catch (InvalidOperationException)
            {
                return "unknown";
            }
        }
    }
}
