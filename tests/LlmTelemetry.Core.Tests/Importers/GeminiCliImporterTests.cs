using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmTelemetry.Importers;
using LlmTelemetry.Records;
using LlmTelemetry.Tests.Storage;
using Xunit;

namespace LlmTelemetry.Tests.Importers
{
    /// <summary>Gemini CLI chat files (one JSON document each, rewritten as the session grows) on real files in a temp folder.</summary>
    public sealed class GeminiCliImporterTests
    {
        internal const string ImageSession = "codemie-session-2025-12-01T21-45-5b959dae.json";
        internal const string FileOpsSession = "codemie-session-2026-01-16T11-01-file-ops-37b7abef.json";

        internal static string Fixture(string name) => Path.Combine(Support.RepoPaths.FixtureFolder("gemini"), name);

        /// <summary>Where Gemini CLI keeps the chat: &lt;data&gt;/tmp/&lt;project&gt;/chats/session-….json (the name without "codemie-").</summary>
        internal static string ChatPath(string data, string name, string project = "fb8e242a")
            => Path.Combine(data, "tmp", project, "chats", name.Substring("codemie-".Length));

        private static string CopyChat(TempDir temp, string name, string project = "fb8e242a")
        {
            var target = ChatPath(temp.Combine("gemini"), name, project);
            ImportTestSupport.CopyInto(Fixture(name), Path.GetDirectoryName(target)!, Path.GetFileName(target));
            return target;
        }

        private static ImportResult Import(TempDir temp, DayIndexedTarget target, Func<ImportOptions, ImportOptions>? change = null)
        {
            var options = ImportTestSupport.Options(temp.Combine("gemini"));
            return TelemetryImporter.Import(ImportSource.GeminiCli, target, change is null ? options : change(options));
        }

        private static void AssertExpectedTotals(string name, IEnumerable<TelemetryRecord> records)
        {
            var fixture = "gemini/" + name;
            var list = records.ToList();
            var actual = ImportTestSupport.ByModel(list);
            var expected = ExpectedTotals.For(fixture);
            Assert.Equal(expected.Keys.OrderBy(k => k), actual.Keys.OrderBy(k => k));
            foreach (var pair in expected)
            {
                Assert.Equal(pair.Value, actual[pair.Key] with { Calls = 0 });
                Assert.Equal(ExpectedTotals.Calls(fixture, pair.Key), actual[pair.Key].Calls);
            }
            Assert.Equal(ExpectedTotals.Days(fixture), list.Select(r => r.UtcDay.ToString("yyyy-MM-dd")).Distinct().OrderBy(d => d));
        }

        private static string ReplaceFirst(string text, string what, string with)
        {
            int at = text.IndexOf(what, StringComparison.Ordinal);
            Assert.True(at >= 0, $"'{what}' is not in the fixture");
            return text.Substring(0, at) + with + text.Substring(at + what.Length);
        }

        [Theory]
        [InlineData(ImageSession)]
        [InlineData(FileOpsSession)]
        public void Fixture_imports_to_the_expected_totals_per_model_and_day_with_thoughts_billed_as_output(string name)
        {
            using var temp = new TempDir();
            CopyChat(temp, name);
            var target = new DayIndexedTarget(temp.Combine("store"));

            var result = Import(temp, target);

            AssertExpectedTotals(name, target.ReadAll());
            Assert.Equal(0, result.Malformed);
            Assert.Empty(result.UnreadableFiles);
            Assert.Equal(1, result.FilesRead);
            Assert.Equal(new FileInfo(Fixture(name)).Length, result.Bytes);
            Assert.Equal(File.ReadAllLines(Fixture(name)).Length, result.Lines);
            Assert.Equal("gemini", result.Source);
        }

        /// <summary>gemini-3-pro is priced as gemini-3-pro-preview ($2 / $12 / $0.20 cache read a million, up to 200k prompt tokens).</summary>
        [Fact]
        public void Gemini_3_Pro_calls_are_priced_by_the_built_in_registry()
        {
            using var temp = new TempDir();
            CopyChat(temp, FileOpsSession);
            var target = new DayIndexedTarget(temp.Combine("store"));

            Import(temp, target, o => o with { Pricer = new LlmTelemetry.Pricing.RegistryPricing(LlmTelemetry.Pricing.ModelRegistry.LoadBuiltIn()) });

            var records = target.ReadAll();
            Assert.All(records, r => Assert.NotNull(r.CostUsd));
            double expected = records.Sum(r => (r.Tokens.Input * 2.0 + r.Tokens.Output * 12.0 + r.Tokens.CacheReadInput * 0.2) / 1e6);
            Assert.Equal(expected, records.Sum(r => r.CostUsd!.Value), 9);
        }

        [Fact]
        public void Records_are_google_gemini_cli_calls_with_the_chats_session_and_project_folder()
        {
            using var temp = new TempDir();
            CopyChat(temp, FileOpsSession, "907f2064");
            var target = new DayIndexedTarget(temp.Combine("store"));

            Import(temp, target);

            var records = target.ReadAll();
            Assert.Equal(9, records.Count);
            Assert.All(records, r =>
            {
                Assert.Equal("google", r.Provider);
                Assert.Equal("gemini-3-pro", r.Model);
                Assert.Equal("gemini-cli", r.AgentName);
                Assert.Equal("chat", r.Operation);
                Assert.Equal("gemini", r.Metadata.Source);
                Assert.Equal("test-host", r.Metadata.Host);
                Assert.Equal("37b7abef-713d-4522-85f0-8ff15a4e6d17", r.SessionId);
                Assert.Equal("907f2064", r.Metadata.Project);
                Assert.StartsWith("gemini-cli-", r.Id);
                Assert.Null(r.CostUsd);
            });
            Assert.Equal(records.Count, records.Select(r => r.Id).Distinct().Count());
            // The second response: input 5,054 of which 2,745 cached, output 269, thoughts 1,627.
            var second = records.OrderBy(r => r.Timestamp).ElementAt(1);
            Assert.Equal(new DateTimeOffset(2026, 1, 16, 11, 4, 0, 678, TimeSpan.Zero), second.Timestamp);
            Assert.Equal((5054L - 2745, 2745L, 269L + 1627, 1627L), (second.Tokens.Input, second.Tokens.CacheReadInput, second.Tokens.Output, second.Tokens.Reasoning));
            Assert.Equal(5054 + 269 + 1627, second.Tokens.Total);
        }

        [Fact]
        public void The_project_is_the_folder_its_project_root_marker_names_and_tool_tokens_count_as_input()
        {
            using var temp = new TempDir();
            var chat = CopyChat(temp, FileOpsSession, "my-app");
            File.WriteAllText(Path.Combine(temp.Combine("gemini", "tmp", "my-app"), ".project_root"), "/home/ann/work/My App\n");
            File.WriteAllText(chat, ReplaceFirst(File.ReadAllText(chat), "\"tool\": 0,", "\"tool\": 100,"));
            var target = new DayIndexedTarget(temp.Combine("store"));

            Import(temp, target);

            var records = target.ReadAll();
            Assert.All(records, r => Assert.Equal("My App", r.Metadata.Project));
            var expected = ExpectedTotals.For("gemini/" + FileOpsSession).Single().Value;
            Assert.Equal(expected.Input + 100, records.Sum(r => r.Tokens.Input));
        }

        [Fact]
        public void A_chat_file_given_alone_is_read_and_its_project_is_the_chats_project_hash()
        {
            using var temp = new TempDir();
            var target = new DayIndexedTarget(temp.Combine("store"));

            var result = TelemetryImporter.Import(ImportSource.GeminiCli, target, ImportTestSupport.Options(Fixture(ImageSession)));

            Assert.Equal(11, result.Added);
            AssertExpectedTotals(ImageSession, target.ReadAll());
            Assert.All(target.ReadAll(), r => Assert.Equal("fb8e242a6fbbb5c48a1d0be57a8a4cc934d33e0a1caf73ab5d4ecaa17269960c", r.Metadata.Project));
        }

        [Fact]
        public void Importing_again_adds_nothing_and_an_unchanged_chat_is_not_opened()
        {
            using var temp = new TempDir();
            CopyChat(temp, ImageSession);
            CopyChat(temp, FileOpsSession, "907f2064");
            var target = new DayIndexedTarget(temp.Combine("store"));

            var first = Import(temp, target);
            var again = Import(temp, target);
            var everything = Import(temp, target, o => o with { IgnoreCheckpoints = true });

            Assert.Equal(20, first.Added);
            Assert.Equal((0L, 2, 0), (again.Added, again.FilesSkippedUnchanged, again.FilesRead));
            Assert.Equal(0, again.Bytes);
            Assert.Equal((0L, 20L, 2), (everything.Added, everything.Duplicates, everything.FilesRead));
            Assert.Equal(20, target.ReadAll().Count);
        }

        [Fact]
        public void A_chat_rewritten_with_more_messages_adds_exactly_the_new_calls()
        {
            using var temp = new TempDir();
            var chat = ChatPath(temp.Combine("gemini"), ImageSession);
            Directory.CreateDirectory(Path.GetDirectoryName(chat)!);
            var full = JsonNode.Parse(File.ReadAllText(Fixture(ImageSession)))!.AsObject();
            var messages = full["messages"]!.AsArray();
            // As Gemini CLI writes it part-way through the session: the first 7 messages (5 responses), and the last
            // response without its tokens yet (they are added when the turn ends).
            var early = JsonNode.Parse(full.ToJsonString())!.AsObject();
            var earlyMessages = early["messages"]!.AsArray();
            while (earlyMessages.Count > 7) earlyMessages.RemoveAt(earlyMessages.Count - 1);
            var unfinished = earlyMessages.Last(m => (string?)m!["type"] == "gemini")!.AsObject();
            unfinished.Remove("tokens");
            int earlyCalls = earlyMessages.Count(m => (string?)m!["type"] == "gemini" && m["tokens"] is not null);
            Assert.Equal(4, earlyCalls);
            File.WriteAllText(chat, early.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            ImportTestSupport.Touch(chat, DateTime.UtcNow.AddMinutes(-10));
            var target = new DayIndexedTarget(temp.Combine("store"));

            var before = Import(temp, target);
            File.WriteAllBytes(chat, File.ReadAllBytes(Fixture(ImageSession)));
            ImportTestSupport.Touch(chat);
            var after = Import(temp, target);
            var again = Import(temp, target);

            Assert.Equal(earlyCalls, before.Added);
            Assert.Equal(11 - earlyCalls, after.Added);
            Assert.Equal(earlyCalls, after.Duplicates);
            Assert.Equal(1, after.FilesRead);
            Assert.Equal(new FileInfo(chat).Length, after.Bytes);
            Assert.Equal((0L, 1), (again.Added, again.FilesSkippedUnchanged));
            AssertExpectedTotals(ImageSession, target.ReadAll());
            Assert.Equal(0, before.Malformed + after.Malformed);
            Assert.Equal(messages.Count(m => (string?)m!["type"] == "gemini"), target.ReadAll().Count);
        }

        [Fact]
        public void A_chat_cut_off_mid_rewrite_is_reported_malformed_naming_the_file_and_costs_nothing_else()
        {
            using var temp = new TempDir();
            var whole = CopyChat(temp, ImageSession);
            var cut = CopyChat(temp, FileOpsSession, "907f2064");
            var bytes = File.ReadAllBytes(cut);
            File.WriteAllBytes(cut, bytes.Take(bytes.Length / 2).ToArray());
            var junk = Path.Combine(Path.GetDirectoryName(cut)!, "session-2026-01-17T09-00-00000000.json");
            File.WriteAllText(junk, "this is not json");
            var target = new DayIndexedTarget(temp.Combine("store"));
            var truth = new DayIndexedTarget(temp.Combine("truth"));
            TelemetryImporter.Import(ImportSource.GeminiCli, truth, ImportTestSupport.Options(Fixture(FileOpsSession)));

            var result = Import(temp, target);

            Assert.Equal(3, result.FilesRead);
            Assert.Empty(result.UnreadableFiles);
            Assert.Equal(2, result.Malformed);
            var broken = Assert.Single(result.MalformedLines, m => m.File == cut);
            Assert.StartsWith("invalid JSON", broken.Problem);
            Assert.InRange(broken.Line, 2, File.ReadAllLines(cut).Length);
            var notJson = Assert.Single(result.MalformedLines, m => m.File == junk);
            Assert.Equal(1, notJson.Line);
            // The whole chat imports in full; of the cut one, only responses complete before the cut, exactly as written.
            AssertExpectedTotals(ImageSession, target.ReadAll().Where(r => r.SessionId == "5b959dae-8655-4cd1-b10f-720b8c336ea2"));
            var kept = target.ReadAll().Where(r => r.SessionId == "37b7abef-713d-4522-85f0-8ff15a4e6d17").ToList();
            Assert.NotEmpty(kept);
            Assert.True(kept.Count < 9);
            var real = truth.ReadAll().ToDictionary(r => r.Id);
            Assert.All(kept, r => Assert.Equal(real[r.Id].Tokens, r.Tokens));

            // Gemini CLI finishes the rewrite: the next import reads that file again and completes it.
            File.WriteAllBytes(cut, bytes);
            ImportTestSupport.Touch(cut);
            var finished = Import(temp, target);
            Assert.Equal(9 - kept.Count, finished.Added);
            Assert.Equal(0, finished.Malformed);
            Assert.Equal(1, finished.FilesRead);
            AssertExpectedTotals(FileOpsSession, target.ReadAll().Where(r => r.SessionId == "37b7abef-713d-4522-85f0-8ff15a4e6d17"));
        }

        [Theory]
        [InlineData("\"input\": 2752,", "\"input\": 9223372036854775807,", "tokens.input must be at most")]
        [InlineData("\"input\": 2752,", "\"input\": -1,", "tokens.input must be a non-negative integer")]
        [InlineData("\"output\": 55,", "\"output\": 1e300,", "tokens.output must be at most")]
        [InlineData("\"thoughts\": 156,", "\"thoughts\": \"lots\",", "tokens.thoughts is not a number")]
        [InlineData("\"cached\": 0,", "\"cached\": 2.5,", "tokens.cached must be a whole number")]
        [InlineData("\"cached\": 0,", "\"cached\": {\"n\": [1, 2]},", "tokens.cached is not a number")]
        [InlineData("\"cached\": 0,", "\"cached\": 3000,", "tokens.cached (3000) is more than tokens.input (2752)")]
        [InlineData("\"tool\": 0,", "\"tool\": 9999999999,", "tokens.input")]
        [InlineData("\"timestamp\": \"2025-12-01T21:45:40.110Z\",", "\"timestamp\": \"yesterday\",", "without a valid timestamp")]
        public void A_hostile_value_costs_that_message_only_and_says_where_and_why(string original, string hostile, string reason)
        {
            using var temp = new TempDir();
            var chat = CopyChat(temp, ImageSession);
            File.WriteAllText(chat, ReplaceFirst(File.ReadAllText(chat), original, hostile));
            var target = new DayIndexedTarget(temp.Combine("store"));

            var result = Import(temp, target);

            Assert.Equal(10, result.Added);
            var bad = Assert.Single(result.MalformedLines);
            Assert.Equal(1, result.Malformed);
            Assert.Equal(chat, bad.File);
            Assert.Equal(13, bad.Line); // the first response's opening brace
            Assert.Contains(reason, bad.Problem);
            // Everything but the first response (input 2,752, output 55 + 156 thoughts) is as expected.
            var expected = ExpectedTotals.For("gemini/" + ImageSession).Single().Value;
            var records = target.ReadAll();
            Assert.Equal((expected.Input - 2752, expected.Output - 55 - 156, expected.Reasoning - 156, expected.CacheRead),
                (records.Sum(r => r.Tokens.Input), records.Sum(r => r.Tokens.Output), records.Sum(r => r.Tokens.Reasoning), records.Sum(r => r.Tokens.CacheReadInput)));
        }

        [Fact]
        public void Responses_without_tokens_and_prompts_are_no_calls_and_a_model_left_out_is_unknown()
        {
            using var temp = new TempDir();
            var chat = ChatPath(temp.Combine("gemini"), ImageSession);
            Directory.CreateDirectory(Path.GetDirectoryName(chat)!);
            File.WriteAllText(chat, string.Join("\n",
                "{\"sessionId\":\"s-1\",\"projectHash\":\"h\",\"messages\":[",
                "{\"id\":\"u1\",\"timestamp\":\"2026-03-01T10:00:00Z\",\"type\":\"user\",\"content\":\"hi\",\"tokens\":{\"input\":\"not a count\"}},",
                "{\"id\":\"g1\",\"timestamp\":\"2026-03-01T10:00:01Z\",\"type\":\"gemini\",\"content\":\"\"},",
                "{\"id\":\"g2\",\"timestamp\":\"2026-03-01T10:00:02Z\",\"type\":\"gemini\",\"content\":\"x\",\"tokens\":null},",
                "{\"id\":\"g3\",\"timestamp\":\"2026-03-01T10:00:03Z\",\"type\":\"gemini\",\"tokens\":{\"input\":0,\"output\":0,\"cached\":0,\"thoughts\":0,\"tool\":0,\"total\":0}},",
                "{\"tokens\":{\"input\":10,\"output\":2,\"cached\":4},\"type\":\"gemini\",\"timestamp\":\"2026-03-01T11:00:00+01:00\",\"id\":\"g4\"},",
                "{\"id\":\"g5\",\"timestamp\":\"2026-03-01T10:00:05Z\",\"type\":\"gemini\",\"model\":\"gemini-2.5-pro\",\"tokens\":{\"input\":10}}",
                "]}"));
            var target = new DayIndexedTarget(temp.Combine("store"));

            var result = Import(temp, target);

            var record = Assert.Single(target.ReadAll());
            Assert.Equal("unknown", record.Model);
            Assert.Equal(new DateTimeOffset(2026, 3, 1, 10, 0, 0, TimeSpan.Zero), record.Timestamp);
            Assert.Equal((6L, 4L, 2L), (record.Tokens.Input, record.Tokens.CacheReadInput, record.Tokens.Output));
            var bad = Assert.Single(result.MalformedLines);
            Assert.Equal((7L, "tokens without input and output"), (bad.Line, bad.Problem));
        }
    }

    /// <summary>Where Gemini CLI's chats are looked for without a path. Changes GEMINI_DATA_DIR and HOME.</summary>
    [Collection(EnvironmentCollection.Name)]
    public sealed class GeminiCliDefaultLocationTests : IDisposable
    {
        private readonly TempDir _temp = new TempDir();
        private readonly string? _data = Environment.GetEnvironmentVariable("GEMINI_DATA_DIR");
        private readonly string? _home = Environment.GetEnvironmentVariable("HOME");

        public void Dispose()
        {
            Environment.SetEnvironmentVariable("GEMINI_DATA_DIR", _data);
            Environment.SetEnvironmentVariable("HOME", _home);
            _temp.Dispose();
        }

        [Fact]
        public void Without_a_path_the_chats_under_GEMINI_DATA_DIR_tmp_are_read_and_nothing_else_there()
        {
            var data = _temp.Combine("gemini-data");
            Environment.SetEnvironmentVariable("GEMINI_DATA_DIR", data);
            var chat = GeminiCliImporterTests.ChatPath(data, GeminiCliImporterTests.FileOpsSession);
            ImportTestSupport.CopyInto(GeminiCliImporterTests.Fixture(GeminiCliImporterTests.FileOpsSession), Path.GetDirectoryName(chat)!, Path.GetFileName(chat));
            // Gemini CLI keeps other JSON beside the chats: the prompts typed, and /chat save checkpoints.
            File.WriteAllText(Path.Combine(data, "tmp", "fb8e242a", "logs.json"), "[not a chat");
            File.WriteAllText(Path.Combine(data, "tmp", "fb8e242a", "chats", "checkpoint-x.json"), "[not a chat");
            var target = new DayIndexedTarget(_temp.Combine("store"));

            var result = TelemetryImporter.Import(ImportSource.GeminiCli, target, ImportTestSupport.Options(data) with { Path = null });

            Assert.Equal(new[] { Path.Combine(data, "tmp") }, TelemetryImporter.DefaultLocations(ImportSource.GeminiCli));
            Assert.Equal((1, 9L, 0L), (result.FilesRead, result.Added, result.Malformed));
        }

        [Fact]
        public void Without_GEMINI_DATA_DIR_the_chats_are_under_the_home_folders_gemini_tmp()
        {
            Environment.SetEnvironmentVariable("GEMINI_DATA_DIR", null);
            Environment.SetEnvironmentVariable("HOME", _temp.Combine("home"));
            Assert.Equal(new[] { _temp.Combine("home", ".gemini", "tmp") }, TelemetryImporter.DefaultLocations(ImportSource.GeminiCli));
        }
    }
}
