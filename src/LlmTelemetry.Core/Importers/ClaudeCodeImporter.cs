using LlmTelemetry.Internal;
using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using LlmTelemetry.Records;

namespace LlmTelemetry.Importers
{
    /// <summary>One call as one Claude Code line reports it; several lines may report the same call.</summary>
    internal sealed class ClaudeCodeEntry
    {
        /// <summary>message.id + requestId while the file is read; null once <see cref="Seal"/> has computed <see cref="Id"/>.</summary>
        public string? Key;
        public string? MessageId;
        public string? RequestId;
        public string? Uuid;
        public string Model = "unknown";
        public DateTimeOffset Timestamp;
        public string? SessionId;
        public string? Project;
        public string? GitBranch;
        public string Agent = "claude-code";
        public double? CostUsd;
        public long Input, Output, CacheCreation, CacheRead, CacheCreation1h;
        public bool Fast;
        public string File = "";
        public long Offset;
        public long Line;
        public string Stream = "";
        public bool Deferred;

        /// <summary>Where this call's first and last lines in its file start: the tail rule needs both.</summary>
        public long FirstOffset, FirstLine, LastOffset;

        /// <summary>Further lines of the same call in the same file, folded into this entry as they were read.</summary>
        public int Collapsed;

        /// <summary>The record id, set when the file's parse ends; for a call with both ids it stands for <see cref="Key"/>.</summary>
        public string Id = "";

        /// <summary>Whether the call had message.id and requestId, so it is deduplicated by <see cref="Id"/> across files.</summary>
        public bool HasKey;

        public long TokenTotal => Input + Output + CacheCreation + CacheRead;

        /// <summary>
        /// Replaces the ids read from the line by the record id they derive (one string instead of four), so an import
        /// holds about one short string per call until its records are written.
        /// </summary>
        public void Seal()
        {
            Id = ClaudeCodeImporter.IdOf(this);
            HasKey = Key is not null;
            Key = MessageId = RequestId = Uuid = null;
        }
    }

    internal sealed class ClaudeCodeOutcome : FileOutcome
    {
        public ClaudeCodeOutcome(LogFile file) : base(file)
        {
        }

        /// <summary>One entry per call (per line for a call without both ids), in the order of each call's first line.</summary>
        public List<ClaudeCodeEntry> Entries { get; } = new List<ClaudeCodeEntry>();

        /// <summary>
        /// Index into <see cref="Entries"/> by call key, for folding a call's later lines into its entry while the file
        /// is read: a log holds each call on several lines, and keeping every line until the end made an import's
        /// memory grow with lines (about 1 KB each) rather than with calls. Dropped once the file is parsed.
        /// </summary>
        public Dictionary<string, int>? IndexByKey = new Dictionary<string, int>(StringComparer.Ordinal);

        /// <summary>
        /// Keeps the better of a call's versions, the rule Emit applies across files: the larger token total, ties to
        /// the first seen, then to a line that names its speed. Folding in reading order gives the same winner as one pass.
        /// </summary>
        public static bool IsBetter(ClaudeCodeEntry candidate, ClaudeCodeEntry current)
            => candidate.TokenTotal > current.TokenTotal || (candidate.TokenTotal == current.TokenTotal && candidate.Fast && !current.Fast);

        public void Add(ClaudeCodeEntry e)
        {
            e.FirstOffset = e.LastOffset = e.Offset;
            e.FirstLine = e.Line;
            if (e.Key is null || IndexByKey is null)
            {
                Entries.Add(e);
                return;
            }
            if (!IndexByKey.TryGetValue(e.Key, out int index))
            {
                IndexByKey[e.Key] = Entries.Count;
                Entries.Add(e);
                return;
            }
            var current = Entries[index];
            if (IsBetter(e, current))
            {
                e.FirstOffset = current.FirstOffset;
                e.FirstLine = current.FirstLine;
                e.Collapsed = current.Collapsed;
                Entries[index] = current = e;
            }
            current.Collapsed++;
            current.LastOffset = e.Offset;
        }
    }

    /// <summary>
    /// Imports Claude Code logs. A call is identified by message.id + requestId; Claude Code writes it on one line per
    /// content block and rewrites it while streaming, so of all its lines (in every file) the one with the largest
    /// token total is kept, ties going to the first seen, then to a line that names its speed. This is ccusage's rule.
    /// Lines lacking either id are not deduplicated (ccusage counts each), and "&lt;synthetic&gt;" messages, which
    /// Claude Code writes itself without calling a model, are skipped.
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
            Emit(run, outcomes);
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
                next.Size = startOffset + read.BytesRead;
                next.Offset = read.EndOffset;
                next.Line = read.EndLine;
                outcome.IndexByKey = null;
                foreach (var e in outcome.Entries) e.Seal();
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
            // Entries are one per call: the thread's last call is the one whose last line comes last.
            var lastByStream = new Dictionary<string, ClaudeCodeEntry>(StringComparer.Ordinal);
            foreach (var e in outcome.Entries)
                if (!lastByStream.TryGetValue(e.Stream, out var last) || e.LastOffset > last.LastOffset) lastByStream[e.Stream] = e;
            ClaudeCodeEntry? firstHeld = null;
            foreach (var held in lastByStream.Values)
            {
                held.Deferred = true;
                if (firstHeld is null || held.FirstOffset < firstHeld.FirstOffset) firstHeld = held;
            }
            if (firstHeld is not null && firstHeld.FirstOffset < next.Offset)
            {
                next.Offset = firstHeld.FirstOffset;
                next.Line = firstHeld.FirstLine - 1;
            }
        }

        [MethodImpl(HotPath.AggressiveOptimization)]
        private static void Emit(ImportRun run, ClaudeCodeOutcome[] outcomes)
        {
            // A call deferred in one file is deferred everywhere: a subagent's call appears both in its own log and
            // in its parent's progress lines, and the one still being written decides.
            var deferredKeys = new HashSet<string>(StringComparer.Ordinal);
            foreach (var outcome in outcomes)
                foreach (var e in outcome.Entries)
                    if (e.Deferred && e.HasKey) deferredKeys.Add(e.Id);

            var chosen = new List<ClaudeCodeEntry>();
            var indexById = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var outcome in outcomes)
            {
                foreach (var e in outcome.Entries)
                {
                    if (!e.HasKey)
                    {
                        if (e.Deferred) run.Deferred++;
                        else chosen.Add(e);
                        continue;
                    }
                    if (deferredKeys.Contains(e.Id))
                    {
                        if (indexById.ContainsKey(e.Id)) continue;
                        indexById[e.Id] = -1;
                        run.Deferred++;
                        continue;
                    }
                    // The lines folded while reading count as duplicates here, as they did when every line was kept.
                    run.Duplicates += e.Collapsed;
                    if (indexById.TryGetValue(e.Id, out int index))
                    {
                        run.Duplicates++;
                        if (ClaudeCodeOutcome.IsBetter(e, chosen[index])) chosen[index] = e;
                        continue;
                    }
                    indexById[e.Id] = chosen.Count;
                    chosen.Add(e);
                }
            }

            for (int i = 0; i < chosen.Count; i++)
            {
                run.Cancellation.ThrowIfCancellationRequested();
                var entry = chosen[i];
                chosen[i] = null!;
                run.OfferValid(ToRecord(run, entry), entry.File, entry.Line);
            }
        }

        internal static string IdOf(ClaudeCodeEntry e)
            => e.Key is not null
                ? RecordIds.Derived(ImportSources.ClaudeCodeName, e.MessageId, e.RequestId)
                : e.Uuid is not null
                    ? RecordIds.Derived(ImportSources.ClaudeCodeName, "uuid", e.Uuid)
                    : RecordIds.Derived(ImportSources.ClaudeCodeName, "line", e.File, e.Offset.ToString(System.Globalization.CultureInfo.InvariantCulture));

        [MethodImpl(HotPath.AggressiveOptimization)]
        internal static TelemetryRecord ToRecord(ImportRun run, ClaudeCodeEntry e)
        {
            var id = e.Id.Length > 0 ? e.Id : IdOf(e);
            var tokens = TokenUsage.Create(
                input: e.Input,
                output: e.Output,
                cacheCreationInput: e.CacheCreation,
                cacheCreation1hInput: Math.Min(e.CacheCreation1h, e.CacheCreation),
                cacheReadInput: e.CacheRead);
            var timestamp = e.Timestamp.ToUniversalTime();
            // A price the record rules refuse (an absurd override) fails validation in OfferValid: it costs this line only.
            double? cost = e.CostUsd ?? run.Options.Pricer?.Invoke(e.Model, tokens, timestamp);
            var record = new TelemetryRecord
            {
                Id = id,
                Timestamp = timestamp,
                Provider = Provider,
                Model = e.Model,
                AgentName = e.Agent,
                Operation = Operation,
                SessionId = e.SessionId,
                Tokens = tokens,
                CostUsd = cost,
                Metadata = new RecordMetadata
                {
                    Project = e.Project,
                    GitBranch = e.GitBranch,
                    Host = run.Host,
                    Source = ImportSources.ClaudeCodeName,
                },
            };
            return record;
        }

        private sealed class Sink : LogLineSink
        {
            private readonly ClaudeCodeOutcome _outcome;
            private readonly ClaudeCodeLineParser _parser = new ClaudeCodeLineParser();
            private string? _lastCwd;
            private string? _lastProject;
            private string? _folderProject;
            private bool _folderProjectKnown;

            public Sink(ImportRun run, ClaudeCodeOutcome outcome, bool settled) : base(run, outcome, settled) => _outcome = outcome;

            // One agent and thread name per subagent id, built once, rather than new strings on every line of the call.
            private readonly Dictionary<string, (string Agent, string Stream)> _names = new Dictionary<string, (string, string)>(StringComparer.Ordinal);

            private readonly Dictionary<string, string> _agentNames = new Dictionary<string, string>(StringComparer.Ordinal);

            /// <summary>The agent and thread of a subagent's progress lines; built on the first line that names the id.</summary>
            private (string Agent, string Stream) ProgressNames(string? id)
            {
                if (id is null) return ("subagent:unknown", "p:");
                if (_names.TryGetValue(id, out var named)) return named;
                return _names[id] = ("subagent:" + id, "p:" + id);
            }

            /// <summary>The agent of a subagent's own log lines.</summary>
            private string AgentName(string id)
            {
                if (_agentNames.TryGetValue(id, out var name)) return name;
                return _agentNames[id] = "subagent:" + id;
            }

            protected override bool MayMatter(ReadOnlySpan<byte> line) => line.IndexOf(ClaudeCodeLineParser.UsageMarker) >= 0;

            private static string? FolderProject(string path)
            {
                var parts = path.Split('/', '\\');
                for (int i = parts.Length - 2; i > 0; i--)
                    if (string.Equals(parts[i - 1], "projects", StringComparison.Ordinal)) return parts[i];
                return null;
            }

            [MethodImpl(HotPath.AggressiveOptimization)]
            protected override bool Handle(ReadOnlySpan<byte> line, long offset, long lineNumber, out string? problem)
            {
                var kind = _parser.Parse(line, out var parsed, out problem);
                if (kind == LineKind.Malformed) return false;
                if (kind != LineKind.Usage) return true;
                var message = parsed.Message;
                if (string.Equals(message.Model, "<synthetic>", StringComparison.Ordinal)) return true;
                if (!ImportRun.IsStorableTime(parsed.Timestamp))
                {
                    // It parsed, so it is complete: counted here, not taken for a line still being written.
                    Outcome.AddMalformed(lineNumber, "timestamp out of range", Cap);
                    return true;
                }

                if (!ReferenceEquals(parsed.Cwd, _lastCwd) || !_folderProjectKnown)
                {
                    _lastCwd = parsed.Cwd;
                    // Without a cwd, the log's folder under projects/ (Claude Code's encoded path) still names the project.
                    if (!_folderProjectKnown)
                    {
                        _folderProject = FolderProject(_outcome.File.Path);
                        _folderProjectKnown = true;
                    }
                    _lastProject = ImportRun.ProjectName(parsed.Cwd) ?? _folderProject;
                }
                string agent;
                string stream;
                if (parsed.IsProgress)
                {
                    var id = parsed.ProgressAgentId ?? parsed.ParentToolUseId;
                    (agent, stream) = ProgressNames(id);
                }
                else
                {
                    agent = parsed.AgentId is not null ? AgentName(parsed.AgentId) : parsed.IsSidechain ? "sidechain" : "claude-code";
                    stream = "";
                }
                var model = string.IsNullOrEmpty(message.Model) ? "unknown" : message.Model!;
                // ccusage reports fast-mode calls as "<model>-fast": they are billed at a multiple of the normal price.
                if (message.Fast) model += "-fast";
                var requestId = parsed.RequestId;
                _outcome.Add(new ClaudeCodeEntry
                {
                    Key = !string.IsNullOrEmpty(message.Id) && !string.IsNullOrEmpty(requestId) ? message.Id + "\u001f" + requestId : null,
                    MessageId = message.Id,
                    RequestId = requestId,
                    Uuid = parsed.Uuid,
                    Model = model,
                    Timestamp = parsed.Timestamp,
                    SessionId = parsed.SessionId,
                    Project = _lastProject,
                    GitBranch = parsed.GitBranch,
                    Agent = agent,
                    CostUsd = parsed.CostUsd,
                    Input = message.Input,
                    Output = message.Output,
                    CacheCreation = message.CacheCreation,
                    CacheRead = message.CacheRead,
                    CacheCreation1h = message.CacheCreation1h,
                    Fast = message.Fast,
                    File = _outcome.File.Path,
                    Offset = offset,
                    Line = lineNumber,
                    Stream = stream,
                });
                return true;
            }
        }
    }
}
