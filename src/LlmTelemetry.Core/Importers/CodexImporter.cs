using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Runtime.CompilerServices;
using System.Text.Json;
using LlmTelemetry.Internal;
using LlmTelemetry.Records;

namespace LlmTelemetry.Importers
{
    /// <summary>
    /// Imports Codex CLI rollouts. session_meta names the session, turn_context the model, and event_msg/token_count
    /// lines carry a running total plus the last call's usage. A token_count whose total equals the previous one is
    /// the same call reported again and is skipped; one with null info is a rate-limit notice. The last call's usage
    /// is used when given, else the difference of the totals. The record id is the session plus the running total,
    /// which only grows, so a re-read never adds a call twice.
    /// A forked session (session_meta.forked_from_id) or a spawned subagent (source.subagent.thread_spawn) starts its
    /// rollout with a copy of its parent's history: the parent's session_meta and token_count lines, re-stamped in one
    /// burst at the moment of the fork. Those calls are the parent's and are already counted from its own rollout, so
    /// the first session_meta alone names the session, and token_counts written within a second of the fork (and of
    /// each other) only move the running total; the child's first real call comes after a model round trip.
    /// </summary>
    internal static class CodexImporter
    {
        public const string Provider = "openai";

        // ccusage's fallback for rollouts written before turn_context carried the model.
        internal const string FallbackModel = "gpt-5";

        private static readonly JsonElement TrueElement = CreateTrue();

        /// <summary>A copied history is written in one burst (gaps of milliseconds); a real call takes longer than this.</summary>
        internal static readonly TimeSpan ReplayGap = TimeSpan.FromSeconds(1);

        public static ImportResult Run(ImportRun run)
        {
            var files = run.FilesToRead();
            var outcomes = run.ParseAll(files, file => ParseFile(run, file));
            foreach (var outcome in outcomes)
            {
                run.Absorb(outcome);
                run.Duplicates += outcome.Repeats;
            }
            foreach (var outcome in outcomes)
                foreach (var e in outcome.Entries)
                {
                    run.Cancellation.ThrowIfCancellationRequested();
                    run.OfferCall(ToCall(e), outcome.File.Path, e.Line);
                }
            return run.Finish();
        }

        internal static CodexOutcome ParseFile(ImportRun run, LogFile file)
            => run.ReadLog(file, () => new CodexOutcome(file),
                (outcome, next) => new Sink(run, outcome, run.IsSettled(file), next.State),
                (outcome, sink, next) => next.State = sink.SaveState());

        private static LoggedCall ToCall(CodexEntry e) => new LoggedCall
        {
            Id = e.Id,
            Timestamp = e.Timestamp,
            Provider = Provider,
            Model = e.Model,
            Agent = ImportSources.CodexName,
            SessionId = e.SessionId,
            Tokens = e.Tokens,
            Project = e.Project,
            GitBranch = e.GitBranch,
            Extra = e.ModelInferred ? new Dictionary<string, JsonElement> { ["model_inferred"] = TrueElement } : null,
        };

        private static JsonElement CreateTrue()
        {
            using var doc = JsonDocument.Parse("true");
            return doc.RootElement.Clone();
        }

        private sealed class Sink : LogLineSink
        {
            private readonly CodexOutcome _outcome;
            private string? _session;
            private string? _cwd;
            private string? _branch;
            private string? _model;
            private CodexUsage _previousTotal;
            private bool _metaSeen;
            private DateTimeOffset? _replayUntilGap; // set while reading the copied history a fork starts with

            public Sink(ImportRun run, CodexOutcome outcome, bool settled, Dictionary<string, string>? state) : base(run, outcome, settled)
            {
                _outcome = outcome;
                if (state is not null)
                {
                    state.TryGetValue("session", out _session);
                    state.TryGetValue("cwd", out _cwd);
                    state.TryGetValue("branch", out _branch);
                    state.TryGetValue("model", out _model);
                    state.TryGetValue("total", out var total);
                    _previousTotal = CodexUsage.Deserialize(total);
                    _metaSeen = state.ContainsKey("meta");
                    if (state.TryGetValue("replay", out var replay) && long.TryParse(replay, NumberStyles.Integer, CultureInfo.InvariantCulture, out long ticks))
                        _replayUntilGap = new DateTimeOffset(ticks, TimeSpan.Zero);
                }
            }

            public Dictionary<string, string> SaveState()
            {
                var state = new Dictionary<string, string>(StringComparer.Ordinal);
                if (_session is not null) state["session"] = _session;
                if (_cwd is not null) state["cwd"] = _cwd;
                if (_branch is not null) state["branch"] = _branch;
                if (_model is not null) state["model"] = _model;
                if (_previousTotal.Present) state["total"] = _previousTotal.Serialize();
                if (_metaSeen) state["meta"] = "1";
                if (_replayUntilGap is DateTimeOffset replay) state["replay"] = Inv(replay.UtcTicks);
                return state;
            }

            protected override bool MayMatter(ReadOnlySpan<byte> line)
                => line.IndexOf("\"token_count\""u8) >= 0 || line.IndexOf("\"turn_context\""u8) >= 0 || line.IndexOf("\"session_meta\""u8) >= 0;

            [MethodImpl(HotPath.AggressiveOptimization)]
            protected override bool Handle(ReadOnlySpan<byte> line, long offset, long lineNumber, out string? problem)
            {
                if (!CodexLineParser.TryParse(line, out var parsed, out problem)) return false;
                Apply(parsed, lineNumber);
                return true;
            }

            private void Apply(in CodexLine line, long lineNumber)
            {
                switch (line.Type)
                {
                    case CodexLineKind.SessionMeta:
                        // A fork or subagent rollout copies its ancestors' session_meta after its own: those are not this session.
                        if (_metaSeen) return;
                        _metaSeen = true;
                        if (!string.IsNullOrEmpty(line.PayloadId)) _session = line.PayloadId;
                        if (!string.IsNullOrEmpty(line.Cwd)) _cwd = line.Cwd;
                        if (!string.IsNullOrEmpty(line.Branch)) _branch = line.Branch;
                        if (line.ParentId is not null && line.HasTimestamp) _replayUntilGap = line.Timestamp;
                        return;
                    case CodexLineKind.TurnContext:
                        if (!string.IsNullOrWhiteSpace(line.Model)) _model = line.Model!.Trim();
                        if (!string.IsNullOrEmpty(line.Cwd)) _cwd = line.Cwd;
                        return;
                    case CodexLineKind.EventMsg:
                        if (!line.TokenCount || !line.InfoPresent) return;
                        break;
                    default:
                        return;
                }
                if (!line.HasTimestamp || !ImportRun.IsStorableTime(line.Timestamp))
                {
                    _outcome.AddMalformed(lineNumber, "token_count without a valid timestamp", Cap);
                    return;
                }
                if (_replayUntilGap is DateTimeOffset burst)
                {
                    if (line.Timestamp - burst < ReplayGap)
                    {
                        // The parent's call, copied at the fork: it only moves the running total.
                        if (line.Timestamp > burst) _replayUntilGap = line.Timestamp;
                        if (line.Total.Present) _previousTotal = line.Total;
                        _outcome.Repeats++;
                        return;
                    }
                    _replayUntilGap = null;
                }
                if (line.Total.Present && line.Total.SameAs(_previousTotal))
                {
                    _outcome.Repeats++;
                    return;
                }
                CodexUsage usage;
                if (line.Last.Present) usage = line.Last;
                else if (line.Total.Present) usage = Subtract(line.Total, _previousTotal);
                else return;
                var total = line.Total;
                if (total.Present) _previousTotal = total;
                if (usage.Input == 0 && usage.Cached == 0 && usage.Output == 0 && usage.Reasoning == 0) return;

                long cached = Math.Min(usage.Cached, usage.Input);
                var tokens = TokenUsage.Create(
                    input: usage.Input - cached,
                    output: usage.Output,
                    cacheReadInput: cached,
                    reasoning: Math.Min(usage.Reasoning, usage.Output));
                // Running totals may grow large, but one call's share must be a count the record rules accept: a
                // hostile line (Int64.MaxValue) costs that line, and the running total above has already moved past it.
                if (RecordValidator.CheckTokens(tokens) is { } bad)
                {
                    _outcome.AddMalformed(lineNumber, "token_count " + bad.Message, Cap);
                    return;
                }
                bool inferred = false;
                var model = !string.IsNullOrWhiteSpace(line.InfoModel) ? line.InfoModel!.Trim() : _model;
                if (string.IsNullOrEmpty(model))
                {
                    model = FallbackModel;
                    inferred = true;
                }
                var session = _session ?? SessionFromFileName(_outcome.File.Path);
                var timestamp = line.Timestamp.ToUniversalTime();
                string id = total.Present
                    ? RecordIds.Derived(ImportSources.CodexName, session, "total", Inv(total.Total), Inv(total.Input), Inv(total.Output))
                    : RecordIds.Derived(ImportSources.CodexName, session, "at", Inv(timestamp.UtcTicks), Inv(usage.Total));
                _outcome.Entries.Add(new CodexEntry
                {
                    Id = id,
                    Timestamp = timestamp,
                    Model = model!,
                    ModelInferred = inferred,
                    SessionId = session,
                    Project = ImportRun.ProjectName(_cwd),
                    GitBranch = _branch,
                    Tokens = tokens,
                    Line = lineNumber,
                });
            }

            private static string Inv(long value) => value.ToString(CultureInfo.InvariantCulture);

            private static CodexUsage Subtract(CodexUsage current, CodexUsage previous)
            {
                if (!previous.Present) return current;
                return new CodexUsage
                {
                    Present = true,
                    Input = Math.Max(0, current.Input - previous.Input),
                    Cached = Math.Max(0, current.Cached - previous.Cached),
                    Output = Math.Max(0, current.Output - previous.Output),
                    Reasoning = Math.Max(0, current.Reasoning - previous.Reasoning),
                    Total = Math.Max(0, current.Total - previous.Total),
                };
            }

            // rollout-2026-02-23T13-19-38-<uuid>.jsonl: the uuid is the session id session_meta would give.
            private static string SessionFromFileName(string path)
            {
                var name = Path.GetFileNameWithoutExtension(path);
                return name.Length > 36 ? name.Substring(name.Length - 36) : name;
            }
        }
    }
}
