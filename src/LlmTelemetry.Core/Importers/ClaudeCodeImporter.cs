using LlmTelemetry.Internal;
using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.CompilerServices;
using LlmTelemetry.Records;

namespace LlmTelemetry.Importers
{
    /// <summary>One call as one Claude Code line reports it; several lines may report the same call.</summary>
    /// <summary>
    /// One call as a Claude Code log reports it, in 56 bytes: which call it is, and its best line so far (where it
    /// starts and its token total). The call itself is read again from that line when it is written, so an import
    /// holds a few dozen bytes per call, not the call (keeping the calls made a 600 MB log take 745 MB).
    /// </summary>
    internal struct ClaudeCodeCall
    {
        /// <summary>message.id + requestId; unset when <see cref="HasKey"/> is false (the line is its own call).</summary>
        public Hash128 Key;
        public long Total;
        public long Offset;
        public long Line;

        /// <summary>Further lines of the same call in the same file, folded into this one as they were read.</summary>
        public int Collapsed;

        /// <summary>The thread the call belongs to (the conversation, or one subagent's progress lines), numbered per file.</summary>
        public int Stream;
        public bool HasKey;
        public bool Fast;
        public bool Deferred;

        /// <summary>This version is the one written (the best across files).</summary>
        public bool Chosen;

        /// <summary>
        /// The rule Emit applies across files, and reading applies within one: the larger token total wins, ties go to
        /// the first seen, then to a line that names its speed. Folding in reading order gives the same winner as one pass.
        /// </summary>
        public static bool IsBetter(long total, bool fast, in ClaudeCodeCall current)
            => total > current.Total || (total == current.Total && fast && !current.Fast);
    }

    internal sealed class ClaudeCodeOutcome : FileOutcome
    {
        /// <summary>Calls are kept in blocks of this many (4.5 MB), so a growing log never copies them all into a bigger array.</summary>
        private const int BlockBits = 16;
        internal const int BlockSize = 1 << BlockBits;

        /// <summary>
        /// How many recent keys are remembered for folding a call's lines as they are read. Claude Code writes a call's
        /// lines close together, so a small window folds nearly all of them; a line that comes back later makes a
        /// second entry, which <see cref="ClaudeCodeImporter"/> resolves with the other files' (the same rule), so the
        /// window bounds memory without changing the result.
        /// </summary>
        internal const int FoldWindow = 4096;

        private readonly Dictionary<string, int> _streams = new Dictionary<string, int>(StringComparer.Ordinal);
        private readonly List<StreamTail> _tails = new List<StreamTail>();
        private readonly List<ClaudeCodeCall[]?> _blocks = new List<ClaudeCodeCall[]?>();
        private Dictionary<Hash128, (int Index, long FirstOffset, long FirstLine)>? _recent = new Dictionary<Hash128, (int, long, long)>();

        public ClaudeCodeOutcome(LogFile file) : base(file)
        {
        }

        /// <summary>How many calls (per line for a call without both ids), in the order of each call's first line.</summary>
        public int Count { get; private set; }

        public ref ClaudeCodeCall this[int index] => ref _blocks[index >> BlockBits]![index & (BlockSize - 1)];

        /// <summary>Bytes of the file the parse read: the second pass reads no further.</summary>
        public long ReadLimit;

        /// <summary>For each thread, the call whose line came last and where that call's first line is: the tail rule holds these back.</summary>
        public IReadOnlyList<StreamTail> Tails => _tails;

        public void Add(bool hasKey, Hash128 key, long total, bool fast, string stream, long offset, long line)
        {
            if (!_streams.TryGetValue(stream, out int streamId))
            {
                _streams[stream] = streamId = _streams.Count;
                _tails.Add(new StreamTail(-1, 0, 0));
            }
            if (hasKey && _recent is not null && _recent.TryGetValue(key, out var seen))
            {
                ref var current = ref this[seen.Index];
                if (ClaudeCodeCall.IsBetter(total, fast, current))
                {
                    current.Total = total;
                    current.Fast = fast;
                    current.Offset = offset;
                    current.Line = line;
                    current.Stream = streamId;
                }
                current.Collapsed++;
                _tails[streamId] = new StreamTail(seen.Index, seen.FirstOffset, seen.FirstLine);
                return;
            }
            if ((Count & (BlockSize - 1)) == 0) _blocks.Add(new ClaudeCodeCall[Count == 0 ? 256 : BlockSize]);
            else if ((Count & (BlockSize - 1)) == _blocks[_blocks.Count - 1]!.Length)
            {
                // The first block starts small (most logs hold a few hundred calls) and grows to a full block.
                var last = _blocks[_blocks.Count - 1];
                Array.Resize(ref last, Math.Min(BlockSize, last!.Length * 4));
                _blocks[_blocks.Count - 1] = last;
            }
            this[Count] = new ClaudeCodeCall
            {
                Key = key,
                HasKey = hasKey,
                Total = total,
                Fast = fast,
                Offset = offset,
                Line = line,
                Stream = streamId,
            };
            if (hasKey && _recent is not null)
            {
                if (_recent.Count >= FoldWindow) _recent.Clear();
                _recent[key] = (Count, offset, line);
            }
            _tails[streamId] = new StreamTail(Count, offset, line);
            Count++;
        }

        /// <summary>Ends the parse: the fold window is only needed while lines are read.</summary>
        public void EndParse() => _recent = null;

        /// <summary>Drops the calls before <paramref name="index"/> once they are written, a block at a time.</summary>
        public void ReleaseBefore(int index)
        {
            for (int b = 0; b < _blocks.Count && (b + 1L) * BlockSize <= index; b++) _blocks[b] = null;
            // The last block may be partly filled: it goes once every call is written.
            if (index >= Count && _blocks.Count > 0) _blocks[_blocks.Count - 1] = null;
        }

        /// <summary>Drops every call.</summary>
        public void Release()
        {
            _blocks.Clear();
            Count = 0;
        }
    }

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

    /// <summary>
    /// What a usage line of a Claude Code log says once the file it is in is known: the agent and thread (built once per
    /// subagent id, not on every line), and the project (the cwd's folder, or the log's folder under projects/).
    /// </summary>
    internal sealed class ClaudeCodeNames
    {
        private readonly Dictionary<string, (string Agent, string Stream)> _progress = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        private readonly Dictionary<string, string> _agents = new Dictionary<string, string>(StringComparer.Ordinal);
        private readonly string _path;
        private string? _lastCwd;
        private string? _lastProject;
        private string? _folderProject;
        private bool _folderProjectKnown;

        public ClaudeCodeNames(string path) => _path = path;

        /// <summary>The agent that made the call, and the thread its lines belong to ("" for the conversation itself).</summary>
        public (string Agent, string Stream) AgentAndStream(in ClaudeCodeLine parsed)
        {
            if (parsed.IsProgress)
            {
                var id = parsed.ProgressAgentId ?? parsed.ParentToolUseId;
                if (id is null) return ("subagent:unknown", "p:");
                if (_progress.TryGetValue(id, out var named)) return named;
                return _progress[id] = ("subagent:" + id, "p:" + id);
            }
            if (parsed.AgentId is not null)
            {
                if (!_agents.TryGetValue(parsed.AgentId, out var name)) _agents[parsed.AgentId] = name = "subagent:" + parsed.AgentId;
                return (name, "");
            }
            return (parsed.IsSidechain ? "sidechain" : "claude-code", "");
        }

        public string? Project(string? cwd)
        {
            if (!_folderProjectKnown)
            {
                // Without a cwd, the log's folder under projects/ (Claude Code's encoded path) still names the project.
                _folderProject = FolderProject(_path);
                _folderProjectKnown = true;
                _lastCwd = cwd;
                _lastProject = ImportRun.ProjectName(cwd) ?? _folderProject;
            }
            else if (!string.Equals(cwd, _lastCwd, StringComparison.Ordinal))
            {
                _lastCwd = cwd;
                _lastProject = ImportRun.ProjectName(cwd) ?? _folderProject;
            }
            return _lastProject;
        }

        private static string? FolderProject(string path)
        {
            var parts = path.Split('/', '\\');
            for (int i = parts.Length - 2; i > 0; i--)
                if (string.Equals(parts[i - 1], "projects", StringComparison.Ordinal)) return parts[i];
            return null;
        }
    }

    /// <summary>
    /// Imports Claude Code logs. A call is identified by message.id + requestId; Claude Code writes it on one line per
    /// content block and rewrites it while streaming, so of all its lines (in every file) the one with the largest
    /// token total is kept, ties going to the first seen, then to a line that names its speed. This is ccusage's rule.
    /// Lines lacking either id are not deduplicated (ccusage counts each), and "&lt;synthetic&gt;" messages, which
    /// Claude Code writes itself without calling a model, are skipped.
    /// Two passes keep memory small: the first reads every line and keeps, per call, where its best line is
    /// (<see cref="ClaudeCodeCall"/>); once the best version of each call across all files is known, the second reads
    /// just those lines again and writes them.
    /// Across imports the store is append-only and keeps the first version of a call it was given: a call seen again
    /// later with a larger usage counts as a duplicate and is not replaced. What keeps incomplete versions out is the
    /// settle time: the last call of each thread of a log written to recently is deferred, and the checkpoint stops
    /// before it, so a growing log is re-read from there once the call is complete.
    /// </summary>
    internal static class ClaudeCodeImporter
    {
        public const string Provider = "anthropic";
        public const string Operation = "chat";

        public static ImportResult Run(ImportRun run)
        {
            var files = run.FilesToRead();
            var outcomes = run.ParseAll(files, file => ParseFile(run, file));
            foreach (var outcome in outcomes) run.Absorb(outcome);
            Choose(run, outcomes);
            foreach (var outcome in outcomes) Write(run, outcome);
            return run.Finish();
        }

        internal static ClaudeCodeOutcome ParseFile(ImportRun run, LogFile file)
        {
            return run.Guard(file, () => new ClaudeCodeOutcome(file), outcome =>
            {
                using var stream = run.Open(file, out long startOffset, out long startLine, out var next);
                bool settled = run.IsSettled(file);
                var sink = new Sink(run, outcome, settled);
                var read = LineReader.Read(stream, startOffset, startLine, sink, run.Cancellation);
                outcome.Lines = read.EndLine - startLine;
                outcome.Bytes = read.BytesRead;
                outcome.ReadLimit = startOffset + read.BytesRead;
                next.Size = startOffset + read.BytesRead;
                next.Offset = read.EndOffset;
                next.Line = read.EndLine;
                outcome.EndParse();
                if (!settled) HoldBackTail(outcome, next);
                outcome.Checkpoint = next;
            });
        }

        /// <summary>
        /// A log still being written may not have its last call complete: Claude Code appends a line per content block
        /// and the final one carries the full output count. So the last call of each thread (the main conversation,
        /// and each subagent reporting through progress lines) is deferred, and the checkpoint stops at its first line
        /// so the next import reads it again, whole.
        /// </summary>
        private static void HoldBackTail(ClaudeCodeOutcome outcome, FileCheckpoint next)
        {
            long firstHeldOffset = long.MaxValue, firstHeldLine = 0;
            foreach (var tail in outcome.Tails)
            {
                if (tail.Call < 0) continue;
                outcome[tail.Call].Deferred = true;
                if (tail.FirstOffset < firstHeldOffset)
                {
                    firstHeldOffset = tail.FirstOffset;
                    firstHeldLine = tail.FirstLine;
                }
            }
            if (firstHeldOffset < next.Offset)
            {
                next.Offset = firstHeldOffset;
                next.Line = firstHeldLine - 1;
            }
        }

        /// <summary>
        /// Marks the version of each call that is written: the best across all files (and within a file, a line that
        /// came back after the fold window), unless the call is deferred somewhere. The keys are sorted rather than
        /// hashed into a dictionary: 24 bytes a call, held only here.
        /// </summary>
        [MethodImpl(HotPath.AggressiveOptimization)]
        internal static void Choose(ImportRun run, ClaudeCodeOutcome[] outcomes)
        {
            // A call deferred in one file is deferred everywhere: a subagent's call appears both in its own log and
            // in its parent's progress lines, and the one still being written decides.
            var deferredKeys = new HashSet<Hash128>();
            long keyed = 0;
            foreach (var outcome in outcomes)
                for (int i = 0; i < outcome.Count; i++)
                {
                    ref var call = ref outcome[i];
                    if (!call.HasKey)
                    {
                        if (call.Deferred) run.Deferred++;
                        else call.Chosen = true;
                        continue;
                    }
                    keyed++;
                    if (call.Deferred) deferredKeys.Add(call.Key);
                }

            // In key order, then in reading order (file, then first line), which is what "first seen" means for ties.
            var refs = new CallRef[keyed];
            long n = 0;
            for (int o = 0; o < outcomes.Length; o++)
                for (int i = 0; i < outcomes[o].Count; i++)
                    if (outcomes[o][i].HasKey) refs[n++] = new CallRef(outcomes[o][i].Key, o, i);
            Array.Sort(refs);

            for (long start = 0; start < refs.LongLength;)
            {
                var key = refs[start].Key;
                long end = start + 1;
                while (end < refs.LongLength && refs[end].Key.Equals(key)) end++;
                if (deferredKeys.Contains(key))
                {
                    run.Deferred++;
                    start = end;
                    continue;
                }
                ref var best = ref outcomes[refs[start].Outcome][refs[start].Index];
                run.Duplicates += best.Collapsed;
                for (long k = start + 1; k < end; k++)
                {
                    ref var other = ref outcomes[refs[k].Outcome][refs[k].Index];
                    // The lines folded while reading count as duplicates, as they did when every line was kept.
                    run.Duplicates += other.Collapsed + 1;
                    if (ClaudeCodeCall.IsBetter(other.Total, other.Fast, best)) best = ref other;
                }
                best.Chosen = true;
                start = end;
            }
        }

        /// <summary>A keyed call's place: which file's outcome, which call in it. Sorts by key, then reading order.</summary>
        private readonly struct CallRef : IComparable<CallRef>
        {
            public CallRef(Hash128 key, int outcome, int index)
            {
                Key = key;
                Outcome = outcome;
                Index = index;
            }

            public Hash128 Key { get; }
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
        /// Reads the chosen lines of one file again, in file order, and offers their records. A line that is no longer
        /// the call the first pass saw means the file was rewritten meanwhile: it is reported unreadable and its
        /// checkpoint dropped, so the next import reads it whole (ids keep that from counting anything twice).
        /// </summary>
        [MethodImpl(HotPath.AggressiveOptimization)]
        internal static void Write(ImportRun run, ClaudeCodeOutcome outcome)
        {
            if (outcome.Unreadable is not null || outcome.Count == 0) return;
            var path = outcome.File.Path;
            var names = new ClaudeCodeNames(path);
            var parser = new ClaudeCodeLineParser();
            try
            {
                // A block of calls at a time (in the order of their first lines), each block's chosen lines in file
                // order: the reads go forward through the file, and a block is dropped once written while the store's
                // id index grows.
                using var reader = new LineAtReader(path, outcome.ReadLimit);
                var order = new List<(long Offset, int Index)>();
                for (int from = 0; from < outcome.Count; from += ClaudeCodeOutcome.BlockSize)
                {
                    run.Cancellation.ThrowIfCancellationRequested();
                    order.Clear();
                    int to = Math.Min(outcome.Count, from + ClaudeCodeOutcome.BlockSize);
                    for (int i = from; i < to; i++)
                        if (outcome[i].Chosen) order.Add((outcome[i].Offset, i));
                    order.Sort();
                    foreach (var (offset, index) in order)
                    {
                        ref var call = ref outcome[index];
                        var line = reader.LineAt(offset);
                        if (parser.Parse(line, out var parsed, out _) != LineKind.Usage || Describe(parsed, out var key, out long total) != call.HasKey
                            || (call.HasKey && !key.Equals(call.Key)) || total != call.Total)
                        {
                            run.Rewritten(outcome, $"changed while it was imported (line {call.Line.ToString(System.Globalization.CultureInfo.InvariantCulture)} is no longer the call read first); it is read again next time");
                            return;
                        }
                        // Choose left one version per key, so a keyed call's id is unique in this import.
                        run.OfferValid(ToRecord(run, parsed, names, path, offset), path, call.Line, uniqueInRun: call.HasKey);
                    }
                    outcome.ReleaseBefore(to);
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                run.Rewritten(outcome, ex.Message);
            }
            finally
            {
                outcome.Release();
            }
        }

        /// <summary>The key (message.id + requestId) and token total of a usage line; false when it lacks either id.</summary>
        private static bool Describe(in ClaudeCodeLine parsed, out Hash128 key, out long total)
        {
            var message = parsed.Message;
            total = message.Input + message.Output + message.CacheCreation + message.CacheRead;
            if (!string.IsNullOrEmpty(message.Id) && !string.IsNullOrEmpty(parsed.RequestId))
            {
                key = Hash128.Of(message.Id!, parsed.RequestId!);
                return true;
            }
            key = default;
            return false;
        }

        internal static string IdOf(in ClaudeCodeLine parsed, string file, long offset)
            => !string.IsNullOrEmpty(parsed.Message.Id) && !string.IsNullOrEmpty(parsed.RequestId)
                ? RecordIds.Derived(ImportSources.ClaudeCodeName, parsed.Message.Id, parsed.RequestId)
                : parsed.Uuid is not null
                    ? RecordIds.Derived(ImportSources.ClaudeCodeName, "uuid", parsed.Uuid)
                    : RecordIds.Derived(ImportSources.ClaudeCodeName, "line", file, offset.ToString(System.Globalization.CultureInfo.InvariantCulture));

        [MethodImpl(HotPath.AggressiveOptimization)]
        private static TelemetryRecord ToRecord(ImportRun run, in ClaudeCodeLine parsed, ClaudeCodeNames names, string file, long offset)
        {
            var message = parsed.Message;
            var model = string.IsNullOrEmpty(message.Model) ? "unknown" : message.Model!;
            // ccusage reports fast-mode calls as "<model>-fast": they are billed at a multiple of the normal price.
            if (message.Fast) model += "-fast";
            var tokens = TokenUsage.Create(
                input: message.Input,
                output: message.Output,
                cacheCreationInput: message.CacheCreation,
                cacheCreation1hInput: Math.Min(message.CacheCreation1h, message.CacheCreation),
                cacheReadInput: message.CacheRead);
            var timestamp = parsed.Timestamp.ToUniversalTime();
            // A price the record rules refuse (an absurd override) fails validation in OfferValid: it costs this line only.
            double? cost = parsed.CostUsd ?? run.Options.Pricer?.Invoke(model, tokens, timestamp);
            return new TelemetryRecord
            {
                Id = IdOf(parsed, file, offset),
                Timestamp = timestamp,
                Provider = Provider,
                Model = model,
                AgentName = names.AgentAndStream(parsed).Agent,
                Operation = Operation,
                SessionId = parsed.SessionId,
                Tokens = tokens,
                CostUsd = cost,
                Metadata = new RecordMetadata
                {
                    Project = names.Project(parsed.Cwd),
                    GitBranch = parsed.GitBranch,
                    Host = run.Host,
                    Source = ImportSources.ClaudeCodeName,
                },
            };
        }

        private sealed class Sink : LogLineSink
        {
            private readonly ClaudeCodeOutcome _outcome;
            private readonly ClaudeCodeLineParser _parser = new ClaudeCodeLineParser();
            private readonly ClaudeCodeNames _names;

            public Sink(ImportRun run, ClaudeCodeOutcome outcome, bool settled) : base(run, outcome, settled)
            {
                _outcome = outcome;
                _names = new ClaudeCodeNames(outcome.File.Path);
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
                _outcome.Add(hasKey, key, total, parsed.Message.Fast, _names.AgentAndStream(parsed).Stream, offset, lineNumber);
                return true;
            }
        }
    }
}
