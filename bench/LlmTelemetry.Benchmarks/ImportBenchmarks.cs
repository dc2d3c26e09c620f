using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using BenchmarkDotNet.Attributes;
using LlmTelemetry.Importers;
using LlmTelemetry.Records;

namespace LlmTelemetry.Benchmarks
{
    /// <summary>
    /// Importing a generated Claude Code projects tree (default ~60 MB, ~30k lines): the whole importer in a dry run,
    /// on one thread and on all cores, and the line parser alone. Target: ≥ 200 MB/s for a first import on 2 cores.
    /// </summary>
    [MemoryDiagnoser]
    public class ImportBenchmarks
    {
        private string _root = "";
        private string[] _files = Array.Empty<string>();

        /// <summary>Projects in the generated tree; each holds 10 sessions of 40 turns (~10 MB).</summary>
        [Params(6)]
        public int Projects { get; set; }

        public long TreeBytes { get; private set; }

        [GlobalSetup]
        public void Setup()
        {
            _root = Path.Combine(Path.GetTempPath(), "llmt-import-bench-" + Guid.NewGuid().ToString("N"));
            TreeBytes = ClaudeCodeLogGenerator.Generate(_root, Projects, sessionsPerProject: 10, turnsPerSession: 40, seed: 42);
            _files = Directory.GetFiles(_root, "*.jsonl", SearchOption.AllDirectories);
            Console.WriteLine($"// generated {TreeBytes / 1e6:F1} MB in {_files.Length} files under {_root}");
        }

        [GlobalCleanup]
        public void Cleanup()
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        [Benchmark(Baseline = true)]
        public long ImportTreeAllCores() => Import(Environment.ProcessorCount);

        [Benchmark]
        public long ImportTreeOneThread() => Import(1);

        /// <summary>Line splitting, the "usage" pre-filter and the Utf8JsonReader parse, without dedup or records.</summary>
        [Benchmark]
        public long ParseLinesOnly()
        {
            var sink = new ParseOnlySink();
            foreach (var file in _files)
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
                LineReader.Read(stream, 0, 0, sink, default);
            }
            return sink.Calls;
        }

        private long Import(int threads)
        {
            var options = new ImportOptions
            {
                Path = _root,
                DryRun = true,
                IgnoreCheckpoints = true,
                SettleTime = TimeSpan.Zero,
                MaxDegreeOfParallelism = threads,
            };
            var result = TelemetryImporter.Import(ImportSource.ClaudeCode, new EmptyTarget(_root), options);
            return result.Added;
        }

        private sealed class ParseOnlySink : LineSink
        {
            private readonly ClaudeCodeLineParser _parser = new ClaudeCodeLineParser();

            public long Calls { get; private set; }

            public override void OnLine(ReadOnlySpan<byte> line, long offset, long lineNumber)
            {
                if (!LineReader.LooksLikeObject(line) || line.IndexOf(ClaudeCodeLineParser.UsageMarker) < 0) return;
                if (_parser.Parse(line, out _, out _) == LineKind.Usage) Calls++;
            }

            public override bool OnUnterminatedLine(ReadOnlySpan<byte> line, long offset, long lineNumber) => true;
        }

        private sealed class EmptyTarget : IImportTarget
        {
            public EmptyTarget(string root) => StateDirectory = Path.Combine(root, ".state");

            public string StateDirectory { get; }

            public bool ContainsId(string id, DateTimeOffset timestamp) => false;

            public void AppendBatch(IReadOnlyList<TelemetryRecord> records)
            {
            }
        }
    }

    /// <summary>
    /// Writes a Claude Code projects tree shaped like real ones: a call on one line per content block with
    /// streaming-snapshot output counts on the earlier lines, large tool-result lines, subagents reported through
    /// progress lines and again in their own sidechain logs, resumed sessions copying earlier calls, system and
    /// snapshot lines. Returns the bytes written.
    /// </summary>
    public static class ClaudeCodeLogGenerator
    {
        public static long Generate(string root, int projects, int sessionsPerProject, int turnsPerSession, int seed)
        {
            var random = new Random(seed);
            var lorem = BuildLorem(random);
            long sequence = 0, bytes = 0;
            string Text(int min, int max)
            {
                int length = Math.Min(min + random.Next(max - min), lorem.Length - 1);
                var s = lorem.Substring(random.Next(lorem.Length - length), length);
                while (s.EndsWith("\\", StringComparison.Ordinal)) s = s.Substring(0, s.Length - 1);
                return s.StartsWith("\"", StringComparison.Ordinal) ? s.Substring(1) : s;
            }
            string Id() => (sequence++).ToString("x12", CultureInfo.InvariantCulture);
            string Ts(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            string Usage(long input, long output, long write, long read)
                => "\"usage\":{\"input_tokens\":" + input + ",\"cache_creation_input_tokens\":" + write + ",\"cache_read_input_tokens\":" + read
                   + ",\"cache_creation\":{\"ephemeral_5m_input_tokens\":0,\"ephemeral_1h_input_tokens\":" + write + "},\"output_tokens\":" + output + ",\"service_tier\":\"standard\"}";
            string Head(string session, string cwd, bool sidechain, string? agent)
                => "{\"parentUuid\":\"" + Id() + "\",\"isSidechain\":" + (sidechain ? "true" : "false") + ",\"userType\":\"external\",\"cwd\":\"" + cwd
                   + "\",\"sessionId\":\"" + session + "\",\"version\":\"2.1.39\",\"gitBranch\":\"main\"" + (agent is null ? "" : ",\"agentId\":\"" + agent + "\"");
            string Assistant(string session, string cwd, DateTimeOffset at, string model, string msg, string req, long input, long output, long write, long read, bool sidechain, string? agent)
                => Head(session, cwd, sidechain, agent) + ",\"message\":{\"model\":\"" + model + "\",\"id\":\"" + msg
                   + "\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"text\",\"text\":\"" + Text(20, 1500)
                   + "\"}],\"stop_reason\":null,\"stop_sequence\":null," + Usage(input, output, write, read) + "},\"requestId\":\"" + req
                   + "\",\"type\":\"assistant\",\"uuid\":\"" + Id() + "\",\"timestamp\":\"" + Ts(at) + "\"}";
            string ToolResult(string session, string cwd, DateTimeOffset at)
                => Head(session, cwd, false, null) + ",\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":[{\"tool_use_id\":\"toolu_" + Id()
                   + "\",\"type\":\"tool_result\",\"content\":\"" + Text(100, 6000) + "\"}]},\"toolUseResult\":"
                   + (random.Next(8) == 0 ? "{\"totalTokens\":5000,\"usage\":{\"input_tokens\":9,\"output_tokens\":9}}" : "{\"stdout\":\"" + Text(20, 400) + "\"}")
                   + ",\"uuid\":\"" + Id() + "\",\"timestamp\":\"" + Ts(at) + "\"}";

            var previous = new List<string>();
            for (int p = 0; p < projects; p++)
            {
                var dir = Path.Combine(root, "projects", "-home-user-src-proj" + p);
                Directory.CreateDirectory(dir);
                var cwd = "/home/user/src/proj" + p;
                for (int s = 0; s < sessionsPerProject; s++)
                {
                    var session = System.Guid.NewGuid().ToString();
                    var lines = new List<string>();
                    if (previous.Count > 0 && random.Next(4) == 0) lines.AddRange(previous.GetRange(0, Math.Min(12, previous.Count)));
                    var at = new DateTimeOffset(2026, 3, 1, 8, 0, 0, TimeSpan.Zero).AddDays(p).AddHours(s);
                    lines.Add("{\"type\":\"file-history-snapshot\",\"messageId\":\"" + Id() + "\",\"snapshot\":{\"trackedFileBackups\":{}},\"isSnapshotUpdate\":false}");
                    for (int t = 0; t < turnsPerSession; t++)
                    {
                        at = at.AddSeconds(5 + random.Next(40));
                        lines.Add(Head(session, cwd, false, null) + ",\"type\":\"user\",\"message\":{\"role\":\"user\",\"content\":\"" + Text(40, 400) + "\"},\"uuid\":\"" + Id() + "\",\"timestamp\":\"" + Ts(at) + "\"}");
                        for (int c = 1 + random.Next(4); c > 0; c--)
                        {
                            at = at.AddSeconds(2 + random.Next(20));
                            string msg = "msg_" + Id(), req = "req_" + Id();
                            long input = 1 + random.Next(2000), output = 1 + random.Next(3000), write = random.Next(20000), read = random.Next(120000);
                            int blocks = 1 + random.Next(4);
                            for (int b = 0; b < blocks; b++)
                                lines.Add(Assistant(session, cwd, at, "claude-opus-4-6", msg, req, input, b == blocks - 1 ? output : Math.Min(output, 1 + random.Next(30)), write, read, false, null));
                            lines.Add(ToolResult(session, cwd, at.AddSeconds(1)));
                        }
                        if (random.Next(5) == 0)
                        {
                            var agent = (sequence++ % 0xFFFFFF).ToString("x7", CultureInfo.InvariantCulture);
                            var agentLines = new List<string>();
                            for (int c = 2 + random.Next(5); c > 0; c--)
                            {
                                at = at.AddSeconds(2 + random.Next(10));
                                string msg = "msg_" + Id(), req = "req_" + Id();
                                long input = 1 + random.Next(10), output = 1 + random.Next(400), write = random.Next(3000), read = random.Next(30000);
                                lines.Add(Head(session, cwd, false, null) + ",\"type\":\"progress\",\"data\":{\"message\":{\"type\":\"assistant\",\"timestamp\":\"" + Ts(at)
                                          + "\",\"message\":{\"model\":\"claude-haiku-4-5-20251001\",\"id\":\"" + msg + "\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],"
                                          + Usage(input, Math.Min(output, 3), write, read) + "},\"requestId\":\"" + req + "\"},\"type\":\"agent_progress\",\"agentId\":\"" + agent
                                          + "\"},\"parentToolUseID\":\"toolu_" + agent + "\",\"uuid\":\"" + Id() + "\",\"timestamp\":\"" + Ts(at) + "\"}");
                                agentLines.Add(Assistant(session, cwd, at, "claude-haiku-4-5-20251001", msg, req, input, output, write, read, true, agent));
                            }
                            var agentDir = Path.Combine(dir, session, "subagents");
                            Directory.CreateDirectory(agentDir);
                            bytes += Write(Path.Combine(agentDir, "agent-" + agent + ".jsonl"), agentLines);
                        }
                    }
                    bytes += Write(Path.Combine(dir, session + ".jsonl"), lines);
                    previous = lines;
                }
            }
            return bytes;
        }

        private static long Write(string path, List<string> lines)
        {
            var data = new UTF8Encoding(false).GetBytes(string.Join("\n", lines) + "\n");
            File.WriteAllBytes(path, data);
            return data.Length;
        }

        private static string BuildLorem(Random random)
        {
            var words = new[] { "the", "store", "reads", "tokens", "cache", "import", "line", "quoted \\\"text\\\"", "naïve", "café", "λ", "model", "→" };
            var sb = new StringBuilder();
            while (sb.Length < 64 * 1024) sb.Append(words[random.Next(words.Length)]).Append(' ');
            return sb.ToString();
        }
    }
}
