using System;
using System.IO;
using System.Linq;
using LlmTelemetry.Importers;
using Xunit;

namespace LlmTelemetry.Tests.Importers
{
    public sealed class CodexImporterTests
    {
        private const string Short = "localpush-rollout-2026-02-23T13-19-38-019c8a70-dda7-7f33-98ea-f30553347322.jsonl";
        private const string Long = "localpush-rollout-2026-02-23T20-34-25-019c8bfe-ec25-79e0-97d7-bda6a9c575ff.jsonl";

        private static string Fixture(string name) => Path.Combine(ImportTestSupport.FixturesRoot(), "codex", name);

        private static string Sessions(TempDir temp) => temp.Combine("codex", "sessions", "2026", "02", "23");

        [Theory]
        [InlineData(Short)]
        [InlineData(Long)]
        public void Fixture_imports_to_ccusage_per_model_totals_with_reasoning(string name)
        {
            using var temp = new TempDir();
            ImportTestSupport.CopyInto(Fixture(name), Sessions(temp), name.Substring("localpush-".Length));
            var target = new DayIndexedTarget(temp.Path);

            var result = TelemetryImporter.Import(ImportSource.Codex, target, ImportTestSupport.Options(temp.Combine("codex")));

            var actual = ImportTestSupport.ByModel(target.ReadAll());
            var expected = ExpectedTotals.For("codex/" + name);
            Assert.Equal(expected.Keys, actual.Keys);
            foreach (var pair in expected) Assert.Equal(pair.Value, actual[pair.Key] with { Calls = 0 });
            Assert.Equal(0, result.Malformed);
        }

        [Fact]
        public void Records_are_openai_codex_with_session_project_branch_and_host()
        {
            using var temp = new TempDir();
            ImportTestSupport.CopyInto(Fixture(Long), Sessions(temp), "rollout-x.jsonl");
            var target = new DayIndexedTarget(temp.Path);

            var result = TelemetryImporter.Import(ImportSource.Codex, target, ImportTestSupport.Options(temp.Combine("codex")));

            var records = target.ReadAll();
            Assert.Equal(6, records.Count); // 12 token_count lines: 1 with null info, 5 repeating the previous total
            Assert.Equal(0, result.Malformed);
            Assert.All(records, r =>
            {
                Assert.Equal("openai", r.Provider);
                Assert.Equal("gpt-5.3-codex", r.Model);
                Assert.Equal("codex", r.AgentName);
                Assert.Equal("codex", r.Metadata.Source);
                Assert.Equal("test-host", r.Metadata.Host);
                Assert.Equal("019c8bfe-ec25-79e0-97d7-bda6a9c575ff", r.SessionId);
                Assert.Equal("ea96e59ed9", r.Metadata.Project);
                Assert.Equal("main", r.Metadata.GitBranch);
                Assert.True(r.Tokens.Reasoning <= r.Tokens.Output);
                Assert.StartsWith("codex-", r.Id);
            });
            var first = records.OrderBy(r => r.Timestamp).First();
            Assert.Equal(42772 - 3456, first.Tokens.Input);
            Assert.Equal(3456, first.Tokens.CacheReadInput);
            Assert.Equal(204, first.Tokens.Output);
            Assert.Equal(124, first.Tokens.Reasoning);
        }

        [Fact]
        public void Importing_twice_adds_nothing_and_appended_turns_add_exactly_their_calls()
        {
            using var temp = new TempDir();
            var lines = File.ReadAllLines(Fixture(Long));
            var log = Path.Combine(Sessions(temp), "rollout-2026-02-23T20-34-25-019c8bfe-ec25-79e0-97d7-bda6a9c575ff.jsonl");
            Directory.CreateDirectory(Path.GetDirectoryName(log)!);
            // Lines 1-18 hold 1 call; line 21 repeats its total, so the resumed read must still know that total.
            File.WriteAllText(log, string.Join("\n", lines.Take(18)) + "\n");
            var target = new DayIndexedTarget(temp.Path);
            var options = ImportTestSupport.Options(temp.Combine("codex"));

            var first = TelemetryImporter.Import(ImportSource.Codex, target, options);
            var again = TelemetryImporter.Import(ImportSource.Codex, target, options);
            ImportTestSupport.AppendText(log, string.Join("\n", lines.Skip(18)) + "\n");
            ImportTestSupport.Touch(log);
            var grown = TelemetryImporter.Import(ImportSource.Codex, target, options);

            Assert.Equal(1, first.Added);
            Assert.Equal(0, again.Added);
            Assert.Equal(1, again.FilesSkippedUnchanged);
            Assert.Equal(5, grown.Added);
            Assert.Equal(5, grown.Duplicates);
            Assert.Equal(lines.Length - 18, grown.Lines);
            var expected = ExpectedTotals.For("codex/" + Long);
            var actual = ImportTestSupport.ByModel(target.ReadAll());
            foreach (var pair in expected) Assert.Equal(pair.Value, actual[pair.Key] with { Calls = 0 });
        }

        [Fact]
        public void Totals_alone_are_turned_into_differences_and_a_missing_model_falls_back_to_gpt_5()
        {
            using var temp = new TempDir();
            var log = Path.Combine(Sessions(temp), "rollout-2026-01-01T00-00-00-00000000-0000-0000-0000-000000000001.jsonl");
            Directory.CreateDirectory(Path.GetDirectoryName(log)!);
            File.WriteAllText(log, string.Join("\n",
                "{\"timestamp\":\"2026-01-01T00:00:01Z\",\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\",\"info\":{\"total_token_usage\":{\"input_tokens\":100,\"cached_input_tokens\":40,\"output_tokens\":10,\"reasoning_output_tokens\":4,\"total_tokens\":110}}}}",
                "{\"timestamp\":\"2026-01-01T00:00:02Z\",\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\",\"info\":null,\"rate_limits\":{\"primary\":{\"used_percent\":3}}}}",
                "{\"timestamp\":\"2026-01-01T00:00:03Z\",\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\",\"info\":{\"total_token_usage\":{\"input_tokens\":250,\"cached_input_tokens\":140,\"output_tokens\":30,\"reasoning_output_tokens\":4,\"total_tokens\":280}}}}",
                "{\"timestamp\":\"2026-01-01T00:00:04Z\",\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\",\"info\":{\"total_token_usage\":{\"input_tokens\":250,\"cached_input_tokens\":140,\"output_tokens\":30,\"reasoning_output_tokens\":4,\"total_tokens\":280}}}}") + "\n");
            var target = new DayIndexedTarget(temp.Path);

            TelemetryImporter.Import(ImportSource.Codex, target, ImportTestSupport.Options(temp.Combine("codex")));

            var records = target.ReadAll().OrderBy(r => r.Timestamp).ToList();
            Assert.Equal(2, records.Count);
            Assert.Equal((60L, 40L, 10L, 4L), (records[0].Tokens.Input, records[0].Tokens.CacheReadInput, records[0].Tokens.Output, records[0].Tokens.Reasoning));
            Assert.Equal((50L, 100L, 20L, 0L), (records[1].Tokens.Input, records[1].Tokens.CacheReadInput, records[1].Tokens.Output, records[1].Tokens.Reasoning));
            Assert.All(records, r =>
            {
                Assert.Equal("gpt-5", r.Model);
                Assert.True(r.Metadata.Extra!.ContainsKey("model_inferred"));
                Assert.Equal("00000000-0000-0000-0000-000000000001", r.SessionId);
            });
        }

        [Fact]
        public void Default_location_is_CODEX_HOME_sessions_and_only_rollout_files_are_read_there()
        {
            using var temp = new TempDir();
            var before = Environment.GetEnvironmentVariable("CODEX_HOME");
            try
            {
                Environment.SetEnvironmentVariable("CODEX_HOME", temp.Combine("codex"));
                ImportTestSupport.CopyInto(Fixture(Short), Sessions(temp), "rollout-2026-02-23T13-19-38-019c8a70-dda7-7f33-98ea-f30553347322.jsonl");
                ImportTestSupport.CopyInto(Fixture(Long), Sessions(temp), "notes.jsonl");
                var target = new DayIndexedTarget(temp.Path);
                var options = ImportTestSupport.Options(temp.Path);
                options = options with { Path = null };

                var result = TelemetryImporter.Import(ImportSource.Codex, target, options);

                Assert.Equal(new[] { Path.Combine(temp.Combine("codex"), "sessions") }, TelemetryImporter.DefaultLocations(ImportSource.Codex));
                Assert.Equal(1, result.FilesRead);
                Assert.Equal(1, result.Added);
            }
            finally
            {
                Environment.SetEnvironmentVariable("CODEX_HOME", before);
            }
        }
    }
}
