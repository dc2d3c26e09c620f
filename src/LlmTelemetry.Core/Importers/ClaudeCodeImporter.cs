using LlmTelemetry.Internal;
using System;
using System.Collections.Generic;
using System.IO;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using LlmTelemetry.Records;

namespace LlmTelemetry.Importers
{
    /// <summary>
    /// Imports Claude Code logs. A call is identified by message.id + requestId, or by message.id alone on a line
    /// without a requestId (Claude Code through Amazon Bedrock writes msg_bdrk_* ids and never a requestId). Claude
    /// Code writes a call on one line per content block and rewrites it while streaming, so of all its lines (in every
    /// file) the one with the largest token total is kept, ties going to the first seen, then to a line that names its
    /// speed: ccusage's rule. Lines lacking a message.id are not deduplicated (ccusage counts each), and
    /// "&lt;synthetic&gt;" messages, which Claude Code writes itself without calling a model, are skipped.
    /// Two passes keep memory flat: the first reads every line and keeps, per call, where its best line is
    /// (<see cref="ClaudeCodeCall"/>, on disk in a <see cref="CallSpill"/> once its block is full); once the best version
    /// of each call across all files is known (<see cref="Choose"/>, a bounded share of the keys at a time), the second
    /// reads just those lines again and writes them. What stays in memory is a bit a call.
    /// Every whole line is imported at once, also from a log being written now. When a later import finds a call
    /// again with a larger usage (its complete line came after the import took a streaming one), the store takes it
    /// as a correction of the stored record (<see cref="Storage.TelemetryStore.AppendBatch"/>), so the call counts
    /// once, with the usage ccusage would give it.
    /// </summary>
    internal static class ClaudeCodeImporter
    {
        public const string Provider = "anthropic";

        public static ImportResult Run(ImportRun run)
        {
            var files = run.FilesToRead();
            using var spill = new CallSpill(run.Target.StateDirectory);
            var outcomes = run.ParseAll(files, file => ParseFile(run, file, spill));
            foreach (var outcome in outcomes) run.Absorb(outcome);
            Choose(run, outcomes);
            WriteAll(run, outcomes);
            return run.Finish();
        }

        internal static ClaudeCodeOutcome ParseFile(ImportRun run, LogFile file, CallSpill spill)
        {
            bool settled = run.IsSettled(file);
            var parsed = run.ReadLog(file, () => new ClaudeCodeOutcome(file, spill), (outcome, _) => new Sink(run, outcome, settled), (outcome, _, next) =>
            {
                outcome.ReadLimit = next.Size;
                outcome.EndParse();
            });
            // A file that failed half way holds calls that are not written (it is read again next time): none may win.
            if (parsed.Unreadable is not null) parsed.Release();
            return parsed;
        }

        /// <summary>
        /// Marks the version of each call that is written: the best across all files (and within a file, a line that
        /// came back after the fold window). The keys are sorted rather than hashed into a dictionary; so that this holds
        /// at most <see cref="ImportOptions.ChooseShare"/> of them (40 bytes each: 10 MB) whatever the logs hold, the keys are split by hash into shares, and
        /// each share is chosen in a pass over the spilled calls (a call and all its copies fall in the same share).
        /// </summary>
        [MethodImpl(HotPath.AggressiveOptimization)]
        internal static void Choose(ImportRun run, ClaudeCodeOutcome[] outcomes)
        {
            long keyed = 0;
            int largest = 0;
            foreach (var outcome in outcomes)
            {
                keyed += outcome.Keyed;
                largest = Math.Max(largest, Math.Min(outcome.Count, ClaudeCodeOutcome.BlockSize));
            }
            if (keyed == 0) return;
            long share = Math.Max(1, run.Options.ChooseShare);
            int shares = (int)Math.Max(1, (keyed + share - 1) / share);
            var buffer = new ClaudeCodeCall[Math.Max(1, largest)];
            var refs = new List<CallRef>((int)(keyed / shares + keyed / shares / 16 + 16)); // the shares are even, within a few percent
            for (int part = 0; part < shares; part++)
            {
                run.Cancellation.ThrowIfCancellationRequested();
                refs.Clear();
                // In key order, then in reading order (file, then first line), which is what "first seen" means for ties.
                for (int o = 0; o < outcomes.Length; o++)
                {
                    var outcome = outcomes[o];
                    if (outcome.Keyed == 0) continue;
                    for (int b = 0; b < outcome.Blocks; b++)
                    {
                        int count = outcome.ReadBlock(b, buffer), first = ClaudeCodeOutcome.FirstOf(b);
                        for (int i = 0; i < count; i++)
                        {
                            ref var call = ref buffer[i];
                            if (call.HasKey && ShareOf(call.Key, shares) == part) refs.Add(new CallRef(call, o, first + i));
                        }
                    }
                }
                refs.Sort();
                for (int start = 0; start < refs.Count;)
                {
                    var best = refs[start];
                    int end = start + 1;
                    run.Duplicates += best.Collapsed;
                    for (; end < refs.Count && refs[end].Key.Equals(best.Key); end++)
                    {
                        var other = refs[end];
                        // The lines folded while reading count as duplicates, as they did when every line was kept.
                        run.Duplicates += other.Collapsed + 1;
                        if (ClaudeCodeCall.IsBetter(other.Total, other.Fast, best.Total, best.Fast)) best = other;
                    }
                    outcomes[best.Outcome].Choose(best.Index);
                    start = end;
                }
            }
        }

        /// <summary>Which share of the keys a key falls in: the hash's top bits scaled, so the shares are even.</summary>
        private static int ShareOf(Hash128 key, int shares) => shares == 1 ? 0 : (int)(((key.High >> 32) * (ulong)shares) >> 32);

        /// <summary>A keyed call's version and its place: which file's outcome, which call in it. Sorts by key, then reading order.</summary>
        private readonly struct CallRef : IComparable<CallRef>
        {
            public CallRef(in ClaudeCodeCall call, int outcome, int index)
            {
                Key = call.Key;
                Total = call.Total;
                Collapsed = call.Collapsed;
                Fast = call.Fast;
                Outcome = outcome;
                Index = index;
            }

            public Hash128 Key { get; }
            public long Total { get; }
            public int Collapsed { get; }
            public bool Fast { get; }
            public int Outcome { get; }
            public int Index { get; }

            public int CompareTo(CallRef other)
            {
                int c = Key.CompareTo(other.Key);
                if (c != 0) return c;
                return Outcome != other.Outcome ? Outcome.CompareTo(other.Outcome) : Index.CompareTo(other.Index);
            }
        }

        /// <summary>
        /// The second pass as a pipeline: worker threads read each file's chosen lines again and make them calls
        /// (<see cref="Read"/>), a block at a time, while this thread prices, offers and writes them. Writing is the
        /// store's (one lock, one writer); before this, the re-reading waited for it and one core sat idle. Blocks
        /// are bounded, so memory stays a few blocks whatever the file sizes. A worker's failure, or this thread's
        /// (the store's error, cancellation), stops the others and is thrown as it was.
        /// </summary>
        internal static void WriteAll(ImportRun run, ClaudeCodeOutcome[] outcomes)
        {
            if (outcomes.Length == 0) return;
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(run.Cancellation);
            // A few blocks a worker: as many workers as StartWorkers starts.
            using var blocks = new BlockingCollection<CallBlock>(boundedCapacity: 4 * Math.Max(1, Math.Min(run.Options.MaxDegreeOfParallelism, outcomes.Length)));
            // Oldest log first: the store then writes its days roughly in order, so the bounded id index it checks
            // against rarely has to read a day it dropped again (logs of one project jump between days in path order).
            var order = new int[outcomes.Length];
            for (int i = 0; i < order.Length; i++) order[i] = i;
            Array.Sort(order, (a, b) => outcomes[a].FirstTicks != outcomes[b].FirstTicks ? outcomes[a].FirstTicks.CompareTo(outcomes[b].FirstTicks) : a.CompareTo(b));
            var tasks = run.StartWorkers(outcomes.Length, i => Read(outcomes[order[i]], blocks, stop.Token), stop.Token);
            var allRead = Task.WhenAll(tasks).ContinueWith(_ => blocks.CompleteAdding(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
            try
            {
                foreach (var block in blocks.GetConsumingEnumerable(stop.Token))
                {
                    var path = block.Outcome.File.Path;
                    foreach (var (call, line, keyed) in block.Calls)
                        run.OfferCall(call, path, line, uniqueInRun: keyed); // Choose left one version per key
                    if (block.Problem is not null) run.Rewritten(block.Outcome, block.Problem);
                }
            }
            catch
            {
                stop.Cancel();
                try
                {
                    allRead.Wait();
                }
                catch (AggregateException)
                {
                    // The workers stopped because this thread failed: its exception is the one to throw.
                }
                throw;
            }
            allRead.Wait();
            ImportRun.WaitAll(tasks);
        }

        /// <summary>Calls of one file, in file order, for the importing thread; a problem ends the file.</summary>
        private sealed class CallBlock
        {
            public CallBlock(ClaudeCodeOutcome outcome) => Outcome = outcome;

            public ClaudeCodeOutcome Outcome { get; }
            public List<(LoggedCall Call, long Line, bool Keyed)> Calls { get; } = new List<(LoggedCall, long, bool)>();
            public string? Problem { get; set; }
        }

        /// <summary>
        /// Reads the chosen lines of one file again, in file order, and hands their calls on a block at a time. A line
        /// that is no longer the call the first pass saw means the file was rewritten meanwhile: it is reported
        /// unreadable and its checkpoint dropped, so the next import reads it whole (ids keep that from counting
        /// anything twice).
        /// </summary>
        [MethodImpl(HotPath.AggressiveOptimization)]
        private static void Read(ClaudeCodeOutcome outcome, BlockingCollection<CallBlock> blocks, CancellationToken stop)
        {
            if (outcome.Unreadable is not null || outcome.Count == 0) return;
            var path = outcome.File.Path;
            var names = new ClaudeCodeNames(path);
            var parser = new ClaudeCodeLineParser();
            try
            {
                // A block of calls at a time (in the order of their first lines), each block's chosen lines in file
                // order: the reads go forward through the file, and a block is dropped once handed on.
                using var reader = new LineAtReader(path, outcome.ReadLimit);
                var order = new List<(long Offset, int Index)>();
                var calls = outcome.NewBlockBuffer();
                for (int b = 0; b < outcome.Blocks; b++)
                {
                    stop.ThrowIfCancellationRequested();
                    order.Clear();
                    int count = outcome.ReadBlock(b, calls), first = ClaudeCodeOutcome.FirstOf(b);
                    for (int i = 0; i < count; i++)
                        if (outcome.IsChosen(first + i, calls[i])) order.Add((calls[i].Offset, i));
                    order.Sort();
                    var block = new CallBlock(outcome);
                    foreach (var (offset, index) in order)
                    {
                        ref var call = ref calls[index];
                        var line = reader.LineAt(offset);
                        if (parser.Parse(line, out var parsed, out _) != LineKind.Usage || Describe(parsed, out var key, out long total) != call.HasKey
                            || (call.HasKey && !key.Equals(call.Key)) || total != call.Total)
                        {
                            block.Problem = $"changed while it was imported (line {call.Line.ToString(System.Globalization.CultureInfo.InvariantCulture)} is no longer the call read first); it is read again next time";
                            break;
                        }
                        block.Calls.Add((ToCall(parsed, names, path, offset), call.Line, call.HasKey));
                        if (block.Calls.Count == HandOver)
                        {
                            blocks.Add(block, stop);
                            block = new CallBlock(outcome);
                        }
                    }
                    blocks.Add(block, stop);
                    if (block.Problem is not null) return;
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                var failed = new CallBlock(outcome) { Problem = ex.Message };
                blocks.Add(failed, stop);
            }
            finally
            {
                outcome.Release();
            }
        }

        /// <summary>Calls per block handed to the importing thread: large enough to cost nothing, small enough to hold a few.</summary>
        private const int HandOver = 1024;

        /// <summary>
        /// The key and token total of a usage line: message.id + requestId, or message.id alone when the line has no
        /// requestId (Bedrock); false when it has no message.id, and is then a call of its own.
        /// </summary>
        private static bool Describe(in ClaudeCodeLine parsed, out Hash128 key, out long total)
        {
            var message = parsed.Message;
            total = message.Input + message.Output + message.CacheCreation + message.CacheRead;
            if (!message.Id.IsSet)
            {
                key = default;
                return false;
            }
            // Without a requestId the second half is zero, which no request id hashes to in practice.
            key = Hash128.Of(message.Id.Hash, parsed.RequestId.IsSet ? parsed.RequestId.Hash : default);
            return true;
        }

        /// <summary>
        /// The record id, from the call's key: message.id + requestId as always (ids already stored stay the same),
        /// message.id alone without a requestId, else the line's uuid, else its place in the file.
        /// </summary>
        internal static string IdOf(in ClaudeCodeLine parsed, string file, long offset)
            => !parsed.Message.Id.IsSet
                ? parsed.Uuid.IsSet
                    ? RecordIds.Derived(ImportSources.ClaudeCodeName, "uuid", parsed.Uuid.Text)
                    : RecordIds.Derived(ImportSources.ClaudeCodeName, "line", file, offset.ToString(System.Globalization.CultureInfo.InvariantCulture))
                : !parsed.RequestId.IsSet
                    ? RecordIds.Derived(ImportSources.ClaudeCodeName, "message", parsed.Message.Id.Text)
                    : RecordIds.Derived(ImportSources.ClaudeCodeName, parsed.Message.Id.Text, parsed.RequestId.Text);

        [MethodImpl(HotPath.AggressiveOptimization)]
        private static LoggedCall ToCall(in ClaudeCodeLine parsed, ClaudeCodeNames names, string file, long offset)
        {
            var message = parsed.Message;
            var model = string.IsNullOrEmpty(message.Model) ? "unknown" : message.Model!;
            // ccusage reports fast-mode calls as "<model>-fast": they are billed at a multiple of the normal price.
            if (message.Fast) model += "-fast";
            return new LoggedCall
            {
                Id = IdOf(parsed, file, offset),
                Timestamp = parsed.Timestamp.ToUniversalTime(),
                Provider = Provider,
                Model = model,
                Agent = names.Agent(parsed),
                SessionId = parsed.SessionId,
                Tokens = TokenUsage.Create(
                    input: message.Input,
                    output: message.Output,
                    cacheCreationInput: message.CacheCreation,
                    cacheCreation1hInput: Math.Min(message.CacheCreation1h, message.CacheCreation),
                    cacheReadInput: message.CacheRead),
                CostUsd = parsed.CostUsd,
                Project = names.Project(parsed.Cwd),
                GitBranch = parsed.GitBranch,
            };
        }

        private sealed class Sink : LogLineSink
        {
            private readonly ClaudeCodeOutcome _outcome;
            // The first pass keeps no id text: only hashes tell its calls apart.
            private readonly ClaudeCodeLineParser _parser = new ClaudeCodeLineParser(idTexts: false);

            public Sink(ImportRun run, ClaudeCodeOutcome outcome, bool settled) : base(run, outcome, settled)
            {
                _outcome = outcome;
            }

            protected override bool MayMatter(ReadOnlySpan<byte> line) => line.IndexOf(ClaudeCodeLineParser.UsageMarker) >= 0;

            [MethodImpl(HotPath.AggressiveOptimization)]
            protected override bool Handle(ReadOnlySpan<byte> line, long offset, long lineNumber, out string? problem)
            {
                var kind = _parser.Parse(line, out var parsed, out problem);
                if (kind == LineKind.Malformed) return false;
                if (kind != LineKind.Usage) return true;
                if (string.Equals(parsed.Message.Model, "<synthetic>", StringComparison.Ordinal)) return true;
                if (!ImportRun.IsStorableTime(parsed.Timestamp))
                {
                    // It parsed, so it is complete: counted here, not taken for a line still being written.
                    Outcome.AddMalformed(lineNumber, "timestamp out of range", Cap);
                    return true;
                }
                bool hasKey = Describe(parsed, out var key, out long total);
                _outcome.Add(hasKey, key, total, parsed.Message.Fast, offset, lineNumber);
                _outcome.FirstTicks = Math.Min(_outcome.FirstTicks, parsed.Timestamp.UtcTicks);
                return true;
            }
        }
    }
}
