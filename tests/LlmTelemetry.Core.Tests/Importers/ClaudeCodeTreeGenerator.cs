using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;

namespace LlmTelemetry.Tests.Importers
{
    /// <summary>
    /// Writes a Claude Code projects tree that looks like a real one, and keeps the deduplicated truth:
    /// each call on one line per content block, earlier lines with streaming-snapshot output counts, subagents
    /// reported through progress lines in the parent's log and again in their own sidechain log, resumed sessions
    /// that copy earlier calls into a new file, "&lt;synthetic&gt;" messages, and user lines whose tool results carry
    /// a "usage" object that is not a call.
    /// </summary>
    internal sealed class ClaudeCodeTreeGenerator
    {
        private static readonly string[] MainModels = { "claude-opus-4-6", "claude-sonnet-4-5-20250929" };
        private const string SubagentModel = "claude-haiku-4-5-20251001";
        private readonly Random _random;
        private readonly string _lorem;
        private readonly int _textScale;
        private long _sequence;

        public ClaudeCodeTreeGenerator(int seed, int textScale = 1)
        {
            _random = new Random(seed);
            _textScale = Math.Max(1, textScale);
            var sb = new StringBuilder();
            var words = new[] { "the", "store", "reads", "tokens", "cache", "import", "line", "quoted \\\"text\\\"", "naïve", "café", "λ", "usage", "model", "→" };
            while (sb.Length < 64 * 1024) sb.Append(words[_random.Next(words.Length)]).Append(' ');
            _lorem = sb.ToString();
        }

        public Dictionary<string, ModelTotals> Truth { get; } = new Dictionary<string, ModelTotals>(StringComparer.Ordinal);
        public int Calls { get; private set; }
        public long Lines { get; private set; }
        public long Bytes { get; private set; }

        /// <param name="firstSession">When project 0's first session starts (default 2026-03-01 08:00 UTC); each project starts a day after the one before, each session an hour after the one before.</param>
        public void Generate(string root, int projects, int sessionsPerProject, int turnsPerSession, DateTimeOffset? firstSession = null)
        {
            var previousSessionLines = new List<string>();
            for (int p = 0; p < projects; p++)
            {
                var projectDir = Path.Combine(root, "projects", "-home-user-src-proj" + p);
                Directory.CreateDirectory(projectDir);
                for (int s = 0; s < sessionsPerProject; s++)
                {
                    var sessionId = Guid(p * 1000 + s);
                    var lines = new List<string>();
                    // A resumed session starts with a copy of the earlier conversation.
                    if (previousSessionLines.Count > 0 && _random.Next(4) == 0)
                        lines.AddRange(previousSessionLines.GetRange(0, Math.Min(previousSessionLines.Count, 12)));
                    var start = (firstSession ?? new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero)).AddDays(p).AddHours(s);
                    var at = start;
                    var cwd = "/home/user/src/proj" + p;
                    lines.Add("{\"type\":\"file-history-snapshot\",\"messageId\":\"" + Guid(_sequence++) + "\",\"snapshot\":{\"trackedFileBackups\":{}},\"isSnapshotUpdate\":false}");
                    for (int t = 0; t < turnsPerSession; t++)
                    {
                        at = at.AddSeconds(5 + _random.Next(40));
                        lines.Add(UserLine(sessionId, cwd, at, Text(40, 400)));
                        int calls = 1 + _random.Next(4);
                        for (int c = 0; c < calls; c++)
                        {
                            at = at.AddSeconds(2 + _random.Next(20));
                            var model = MainModels[_random.Next(MainModels.Length)];
                            AddCall(lines, sessionId, cwd, at, model);
                            lines.Add(ToolResultLine(sessionId, cwd, at.AddSeconds(1)));
                        }
                        if (_random.Next(5) == 0) AddSubagent(projectDir, lines, sessionId, cwd, ref at);
                        if (_random.Next(10) == 0)
                            lines.Add(AssistantLine(sessionId, cwd, at, "msg_synth" + _sequence++, null, "<synthetic>", 0, 0, 0, 0, 0, false, null, Text(10, 60), "main"));
                        if (_random.Next(6) == 0)
                            lines.Add("{\"parentUuid\":null,\"isSidechain\":false,\"type\":\"system\",\"subtype\":\"compact\",\"content\":\"" + Text(20, 80) + "\",\"timestamp\":\"" + Ts(at) + "\",\"uuid\":\"" + Guid(_sequence++) + "\"}");
                    }
                    WriteFile(Path.Combine(projectDir, sessionId + ".jsonl"), lines);
                    previousSessionLines = lines;
                }
            }
        }

        /// <summary>
        /// One session log of <paramref name="calls"/> calls, written as it goes (so a test can make one far larger than
        /// its own memory): one to three short lines per call, a user line now and then, and every 500th call written
        /// again with its final, larger output <paramref name="lateBy"/> calls later, past the importer's fold window.
        /// </summary>
        public void GenerateLongSession(string path, int calls, DateTimeOffset start, int lateBy = 5000)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            const string sessionId = "5e55a000-0000-4000-8000-000000000001";
            const string cwd = "/home/user/src/long";
            var late = new Queue<(int Due, string Line)>();
            using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
            void Write(string line)
            {
                writer.WriteLine(line);
                Lines++;
                Bytes += Encoding.UTF8.GetByteCount(line) + 1;
            }
            var at = start;
            for (int c = 0; c < calls; c++)
            {
                at = at.AddSeconds(1 + _random.Next(3));
                if (c % 10 == 0) Write(UserLine(sessionId, cwd, at, Text(5, 40)));
                var model = MainModels[c % MainModels.Length];
                var msgId = "msg_" + _sequence++;
                var reqId = "req_" + _sequence++;
                var usage = NewUsage(small: false);
                bool comesBack = c % 500 == 0;
                int blocks = 1 + _random.Next(3);
                for (int b = 0; b < blocks; b++)
                {
                    long output = comesBack ? Math.Max(1, usage.Output / 2) : b == blocks - 1 ? usage.Output : Math.Min(usage.Output, 1 + _random.Next(30));
                    Write(AssistantLine(sessionId, cwd, at.AddMilliseconds(b * 300), msgId, reqId, model, usage.Input, output, usage.CacheCreation, usage.CacheRead, usage.Cache1h, false, null, Text(5, 60), "text"));
                }
                if (comesBack)
                    late.Enqueue((c + lateBy, AssistantLine(sessionId, cwd, at.AddMilliseconds(blocks * 300), msgId, reqId, model, usage.Input, usage.Output, usage.CacheCreation, usage.CacheRead, usage.Cache1h, false, null, Text(5, 60), "text")));
                while (late.Count > 0 && late.Peek().Due <= c) Write(late.Dequeue().Line);
                Count(model, usage);
            }
            while (late.Count > 0) Write(late.Dequeue().Line);
        }

        private void AddSubagent(string projectDir, List<string> parentLines, string sessionId, string cwd, ref DateTimeOffset at)
        {
            var agentId = ((int)(_sequence++ % 0xFFFFFF)).ToString("x7", CultureInfo.InvariantCulture);
            var toolUseId = "toolu_" + _sequence++;
            var agentLines = new List<string>();
            int calls = 2 + _random.Next(5);
            for (int c = 0; c < calls; c++)
            {
                at = at.AddSeconds(2 + _random.Next(10));
                var msgId = "msg_sub" + _sequence++;
                var reqId = "req_sub" + _sequence++;
                var usage = NewUsage(small: true);
                // The parent's log sees the subagent's call once or twice while it streams (snapshot output),
                // the subagent's own log has its lines with the final output.
                int progressCopies = 1 + _random.Next(2);
                for (int k = 0; k < progressCopies; k++)
                {
                    long output = k == progressCopies - 1 && _random.Next(2) == 0 ? usage.Output : Math.Min(usage.Output, 1 + _random.Next(3));
                    parentLines.Add(ProgressLine(sessionId, cwd, at, agentId, toolUseId, msgId, reqId, usage with { Output = output }));
                }
                agentLines.Add(AssistantLine(sessionId, cwd, at, msgId, reqId, SubagentModel, usage.Input, Math.Min(usage.Output, 2), usage.CacheCreation, usage.CacheRead, usage.Cache1h, true, agentId, Text(20, 200), "side"));
                agentLines.Add(AssistantLine(sessionId, cwd, at, msgId, reqId, SubagentModel, usage.Input, usage.Output, usage.CacheCreation, usage.CacheRead, usage.Cache1h, true, agentId, Text(20, 200), "side"));
                agentLines.Add(ToolResultLine(sessionId, cwd, at.AddSeconds(1)));
                Count(SubagentModel, usage);
            }
            var dir = Path.Combine(projectDir, sessionId, "subagents");
            Directory.CreateDirectory(dir);
            WriteFile(Path.Combine(dir, "agent-" + agentId + ".jsonl"), agentLines);
        }

        private void AddCall(List<string> lines, string sessionId, string cwd, DateTimeOffset at, string model)
        {
            var msgId = "msg_" + _sequence++;
            var reqId = "req_" + _sequence++;
            var usage = NewUsage(small: false);
            int blocks = 1 + _random.Next(4);
            bool identical = _random.Next(3) == 0;
            for (int b = 0; b < blocks; b++)
            {
                bool last = b == blocks - 1;
                long output = identical || last ? usage.Output : Math.Min(usage.Output, 1 + _random.Next(30));
                lines.Add(AssistantLine(sessionId, cwd, at.AddMilliseconds(b * 300), msgId, reqId, model, usage.Input, output, usage.CacheCreation, usage.CacheRead, usage.Cache1h, false, null, Text(20, 1500), b == 0 && blocks > 1 ? "thinking" : "text"));
            }
            Count(model, usage);
        }

        private Usage NewUsage(bool small)
        {
            long cacheCreation = _random.Next(3) == 0 ? 0 : _random.Next(small ? 3000 : 20000);
            long cache1h = _random.Next(2) == 0 ? cacheCreation : cacheCreation / 3;
            return new Usage(1 + _random.Next(small ? 10 : 2000), 1 + _random.Next(small ? 400 : 3000), cacheCreation, _random.Next(small ? 30000 : 120000), cache1h);
        }

        private void Count(string model, Usage u)
        {
            Calls++;
            Truth.TryGetValue(model, out var t);
            t ??= new ModelTotals(0, 0, 0, 0, 0, 0);
            Truth[model] = new ModelTotals(t.Input + u.Input, t.Output + u.Output, t.CacheCreation + u.CacheCreation, t.CacheRead + u.CacheRead, 0, t.Calls + 1);
        }

        private string AssistantLine(string sessionId, string cwd, DateTimeOffset at, string msgId, string? reqId, string model,
            long input, long output, long cacheCreation, long cacheRead, long cache1h, bool isSidechain, string? agentId, string text, string kind)
        {
            var sb = new StringBuilder(512 + text.Length);
            sb.Append("{\"parentUuid\":\"").Append(Guid(_sequence++)).Append("\",\"isSidechain\":").Append(isSidechain ? "true" : "false")
              .Append(",\"userType\":\"external\",\"cwd\":\"").Append(cwd).Append("\",\"sessionId\":\"").Append(sessionId)
              .Append("\",\"version\":\"2.1.39\",\"gitBranch\":\"main\"");
            if (agentId is not null) sb.Append(",\"agentId\":\"").Append(agentId).Append('"');
            sb.Append(",\"message\":{\"model\":\"").Append(model).Append("\",\"id\":\"").Append(msgId)
              .Append("\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[");
            if (kind == "thinking") sb.Append("{\"type\":\"thinking\",\"thinking\":\"").Append(text).Append("\",\"signature\":\"").Append(Text(40, 200)).Append("\"}");
            else sb.Append("{\"type\":\"text\",\"text\":\"").Append(text).Append("\"}");
            sb.Append("],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":").Append(input)
              .Append(",\"cache_creation_input_tokens\":").Append(cacheCreation)
              .Append(",\"cache_read_input_tokens\":").Append(cacheRead)
              .Append(",\"cache_creation\":{\"ephemeral_5m_input_tokens\":").Append(cacheCreation - cache1h)
              .Append(",\"ephemeral_1h_input_tokens\":").Append(cache1h)
              .Append("},\"output_tokens\":").Append(output).Append(",\"service_tier\":\"standard\"}}");
            if (reqId is not null) sb.Append(",\"requestId\":\"").Append(reqId).Append('"');
            sb.Append(",\"type\":\"assistant\",\"uuid\":\"").Append(Guid(_sequence++)).Append("\",\"timestamp\":\"").Append(Ts(at)).Append("\"}");
            return sb.ToString();
        }

        private string ProgressLine(string sessionId, string cwd, DateTimeOffset at, string agentId, string toolUseId, string msgId, string reqId, Usage u)
        {
            return "{\"parentUuid\":\"" + Guid(_sequence++) + "\",\"isSidechain\":false,\"userType\":\"external\",\"cwd\":\"" + cwd
                + "\",\"sessionId\":\"" + sessionId + "\",\"version\":\"2.1.39\",\"gitBranch\":\"main\",\"type\":\"progress\",\"data\":{\"message\":{\"type\":\"assistant\",\"timestamp\":\""
                + Ts(at) + "\",\"message\":{\"model\":\"" + SubagentModel + "\",\"id\":\"" + msgId
                + "\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_x\",\"name\":\"Read\",\"input\":{\"file_path\":\"/x\"}}],\"stop_reason\":null,\"usage\":{\"input_tokens\":"
                + u.Input + ",\"cache_creation_input_tokens\":" + u.CacheCreation + ",\"cache_read_input_tokens\":" + u.CacheRead
                + ",\"cache_creation\":{\"ephemeral_5m_input_tokens\":" + (u.CacheCreation - u.Cache1h) + ",\"ephemeral_1h_input_tokens\":" + u.Cache1h
                + "},\"output_tokens\":" + u.Output + "}},\"requestId\":\"" + reqId + "\",\"uuid\":\"" + Guid(_sequence++)
                + "\"},\"normalizedMessages\":[],\"type\":\"agent_progress\",\"prompt\":\"" + Text(20, 100) + "\",\"agentId\":\"" + agentId
                + "\"},\"toolUseID\":\"agent_" + msgId + "\",\"parentToolUseID\":\"" + toolUseId + "\",\"uuid\":\"" + Guid(_sequence++)
                + "\",\"timestamp\":\"" + Ts(at.AddMilliseconds(1)) + "\"}";
        }

        private string UserLine(string sessionId, string cwd, DateTimeOffset at, string text)
            => "{\"parentUuid\":null,\"isSidechain\":false,\"userType\":\"external\",\"cwd\":\"" + cwd + "\",\"sessionId\":\"" + sessionId
               + "\",\"version\":\"2.1.39\",\"gitBranch\":\"main\",\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"" + text
               + "\"},\"uuid\":\"" + Guid(_sequence++) + "\",\"timestamp\":\"" + Ts(at) + "\"}";

        // Tool results are the big lines. A Task tool's result reports the subagent's usage at the top level:
        // not a call, and must not be counted.
        private string ToolResultLine(string sessionId, string cwd, DateTimeOffset at)
            => "{\"parentUuid\":\"" + Guid(_sequence++) + "\",\"isSidechain\":false,\"userType\":\"external\",\"cwd\":\"" + cwd + "\",\"sessionId\":\"" + sessionId
               + "\",\"version\":\"2.1.39\",\"gitBranch\":\"main\",\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":[{\"tool_use_id\":\"toolu_1\",\"type\":\"tool_result\",\"content\":\""
               + Text(100, 6000) + "\"}]},\"toolUseResult\":"
               + (_random.Next(8) == 0 ? "{\"totalTokens\":5000,\"usage\":{\"input_tokens\":999,\"output_tokens\":999}}" : "{\"stdout\":\"" + Text(20, 400) + "\",\"interrupted\":false}")
               + ",\"uuid\":\"" + Guid(_sequence++) + "\",\"timestamp\":\"" + Ts(at) + "\"}";

        private string Text(int min, int max)
        {
            int length = (min + _random.Next(max - min)) * _textScale;
            length = Math.Min(length, _lorem.Length - 1);
            int start = _random.Next(_lorem.Length - length);
            var s = _lorem.Substring(start, length);
            // Never end inside an escape sequence.
            while (s.EndsWith("\\", StringComparison.Ordinal)) s = s.Substring(0, s.Length - 1);
            if (s.StartsWith("\"", StringComparison.Ordinal)) s = s.Substring(1);
            return s;
        }

        private void WriteFile(string path, List<string> lines)
        {
            var text = string.Join("\n", lines) + "\n";
            var bytes = new UTF8Encoding(false).GetBytes(text);
            File.WriteAllBytes(path, bytes);
            Lines += lines.Count;
            Bytes += bytes.Length;
        }

        private static string Guid(long n) => new System.Guid((int)(n >> 32), (short)(n >> 16), (short)n, 1, 2, 3, 4, 5, 6, 7, 8).ToString();

        private static string Ts(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        private sealed record Usage(long Input, long Output, long CacheCreation, long CacheRead, long Cache1h);
    }

    /// <summary>Per-model token totals (and call count) of a set of calls.</summary>
    internal sealed record ModelTotals(long Input, long Output, long CacheCreation, long CacheRead, long Reasoning, long Calls)
    {
        public ModelTotals Plus(ModelTotals o)
            => new ModelTotals(Input + o.Input, Output + o.Output, CacheCreation + o.CacheCreation, CacheRead + o.CacheRead, Reasoning + o.Reasoning, Calls + o.Calls);
    }
}
