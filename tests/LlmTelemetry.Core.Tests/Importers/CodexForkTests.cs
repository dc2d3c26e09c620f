using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using LlmTelemetry.Importers;
using Xunit;

namespace LlmTelemetry.Tests.Importers
{
    /// <summary>
    /// A forked Codex session, or a subagent another session spawned, starts its rollout with a copy of the parent's
    /// history re-stamped at the fork. ccusage counted those copies again (its issues #897, #1175, #1349, #1370); they
    /// are the parent's calls and must count once.
    /// </summary>
    public sealed class CodexForkTests
    {
        private const string ParentId = "019c8bfe-ec25-79e0-97d7-bda6a9c575ff";
        private const string ChildId = "019c9a00-0000-7000-8000-00000000c41d";
        private const string ParentName = "rollout-2026-02-23T20-34-25-" + ParentId + ".jsonl";
        private const string ChildName = "rollout-2026-02-24T09-00-00-" + ChildId + ".jsonl";
        private static readonly DateTimeOffset Fork = new DateTimeOffset(2026, 2, 24, 9, 0, 0, 100, TimeSpan.Zero);

        private static string[] ParentLines()
            => File.ReadAllLines(Path.Combine(ImportTestSupport.FixturesRoot(), "codex", "localpush-rollout-2026-02-23T20-34-25-" + ParentId + ".jsonl"));

        private static string Stamp(string line, DateTimeOffset at)
        {
            var node = JsonNode.Parse(line)!;
            node["timestamp"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'");
            return node.ToJsonString();
        }

        private static string ChildMeta(string source, string? forkedFrom)
        {
            var payload = new JsonObject
            {
                ["id"] = ChildId,
                ["timestamp"] = Fork.UtcDateTime.ToString("o"),
                ["cwd"] = "/work/child-project",
                ["originator"] = "codex_cli_rs",
                ["source"] = JsonNode.Parse(source),
                ["git"] = new JsonObject { ["branch"] = "fork-branch" },
            };
            if (forkedFrom is not null) payload["forked_from_id"] = forkedFrom;
            return new JsonObject { ["timestamp"] = Fork.UtcDateTime.ToString("o"), ["type"] = "session_meta", ["payload"] = payload }.ToJsonString();
        }

        /// <summary>The parent's whole rollout, re-stamped a few milliseconds apart right after the fork, as Codex writes it.</summary>
        private static IEnumerable<string> CopiedHistory()
            => ParentLines().Select((line, i) => Stamp(line, Fork.AddMilliseconds(3 + i * 7)));

        /// <summary>The child's own call: the running total carried on from the parent's last one.</summary>
        private static string ChildCall(DateTimeOffset at, long input, long cached, long output)
        {
            var last = ParentLines().Last(l => l.Contains("\"token_count\"") && l.Contains("total_token_usage"));
            var total = JsonNode.Parse(last)!["payload"]!["info"]!["total_token_usage"]!;
            JsonObject Usage(long i, long c, long o) => new JsonObject
            {
                ["input_tokens"] = i, ["cached_input_tokens"] = c, ["output_tokens"] = o, ["reasoning_output_tokens"] = 0, ["total_tokens"] = i + o,
            };
            var info = new JsonObject
            {
                ["total_token_usage"] = Usage((long)total["input_tokens"]! + input, (long)total["cached_input_tokens"]! + cached, (long)total["output_tokens"]! + output),
                ["last_token_usage"] = Usage(input, cached, output),
            };
            return new JsonObject
            {
                ["timestamp"] = at.UtcDateTime.ToString("o"),
                ["type"] = "event_msg",
                ["payload"] = new JsonObject { ["type"] = "token_count", ["info"] = info },
            }.ToJsonString();
        }

        private static string TurnContext(DateTimeOffset at)
            => "{\"timestamp\":\"" + at.UtcDateTime.ToString("o") + "\",\"type\":\"turn_context\",\"payload\":{\"cwd\":\"/work/child-project\",\"model\":\"gpt-5.3-codex\"}}";

        private static (ImportResult Result, List<LlmTelemetry.Records.TelemetryRecord> Records) Import(TempDir temp, DayIndexedTarget? target = null)
        {
            target ??= new DayIndexedTarget(temp.Path);
            var result = TelemetryImporter.Import(ImportSource.Codex, target, ImportTestSupport.Options(temp.Combine("codex")));
            return (result, target.ReadAll());
        }

        private static string Sessions(TempDir temp, string day) => temp.Combine("codex", "sessions", "2026", "02", day);

        [Theory]
        [InlineData("\"cli\"", ParentId)]
        [InlineData("{\"subagent\":{\"thread_spawn\":{\"parent_thread_id\":\"" + ParentId + "\",\"depth\":1,\"agent_nickname\":\"Ada\"}}}", null)]
        public void A_fork_counts_its_own_calls_once_and_none_of_the_history_it_copied(string source, string? forkedFrom)
        {
            using var temp = new TempDir();
            ImportTestSupport.CopyInto(Path.Combine(ImportTestSupport.FixturesRoot(), "codex", "localpush-" + ParentName), Sessions(temp, "23"), ParentName);
            var child = new List<string> { ChildMeta(source, forkedFrom) };
            child.AddRange(CopiedHistory());
            child.Add(TurnContext(Fork.AddSeconds(4)));
            child.Add(ChildCall(Fork.AddSeconds(11), input: 70_000, cached: 60_000, output: 300));
            Directory.CreateDirectory(Sessions(temp, "24"));
            File.WriteAllLines(Path.Combine(Sessions(temp, "24"), ChildName), child);

            var (result, records) = Import(temp);

            Assert.Equal(6, records.Count(r => r.SessionId == ParentId)); // the fixture's calls, as imported alone
            var own = Assert.Single(records, r => r.SessionId == ChildId);
            Assert.Equal(7, records.Count);
            Assert.Equal(10_000, own.Tokens.Input);
            Assert.Equal(60_000, own.Tokens.CacheReadInput);
            Assert.Equal(300, own.Tokens.Output);
            Assert.Equal(Fork.AddSeconds(11), own.Timestamp);
            Assert.Equal("child-project", own.Metadata.Project);
            Assert.Equal("fork-branch", own.Metadata.GitBranch); // the copied parent session_meta does not rename the child
            Assert.Equal(0, result.Malformed);
            Assert.True(result.Duplicates >= 6, $"the copied calls are reported as duplicates ({result.Duplicates})");
        }

        [Fact]
        public void A_fork_imported_without_its_parent_still_counts_only_its_own_calls_and_resumes_after_the_copy()
        {
            using var temp = new TempDir();
            var folder = Sessions(temp, "24");
            Directory.CreateDirectory(folder);
            var log = Path.Combine(folder, ChildName);
            File.WriteAllLines(log, new[] { ChildMeta("\"vscode\"", ParentId) }.Concat(CopiedHistory()));
            var target = new DayIndexedTarget(temp.Path);

            var first = Import(temp, target);
            Assert.Empty(first.Records); // nothing but the parent's history yet

            ImportTestSupport.AppendText(log, TurnContext(Fork.AddSeconds(3)) + "\n" + ChildCall(Fork.AddSeconds(9), input: 1000, cached: 0, output: 50) + "\n");
            ImportTestSupport.Touch(log, DateTime.UtcNow.AddMinutes(-10));
            var second = Import(temp, target);

            var own = Assert.Single(second.Records);
            Assert.Equal(ChildId, own.SessionId);
            Assert.Equal(1000, own.Tokens.Input);
            Assert.Equal(50, own.Tokens.Output);
            Assert.Equal(1, second.Result.Added);
        }

        [Fact]
        public void A_spawned_subagent_that_copied_nothing_counts_every_call_it_made()
        {
            using var temp = new TempDir();
            var folder = Sessions(temp, "24");
            Directory.CreateDirectory(folder);
            // Its first call ends seconds after it was spawned: no burst, so nothing is taken for a copy.
            File.WriteAllLines(Path.Combine(folder, ChildName), new[]
            {
                ChildMeta("{\"subagent\":{\"thread_spawn\":{\"parent_thread_id\":\"" + ParentId + "\",\"depth\":1}}}", null),
                TurnContext(Fork.AddSeconds(1)),
                ChildCall(Fork.AddSeconds(6), input: 500, cached: 0, output: 20),
                ChildCall(Fork.AddSeconds(6.3), input: 800, cached: 0, output: 30),
            });

            var (_, records) = Import(temp);

            Assert.Equal(2, records.Count);
            Assert.All(records, r => Assert.Equal(ChildId, r.SessionId));
        }
    }
}
