using System;
using System.IO;
using System.Linq;
using LlmTelemetry.Importers;
using Xunit;

namespace LlmTelemetry.Tests.Importers
{
    public sealed class ClaudeCodeImporterTests
    {
        private static string Fixture(string name) => Path.Combine(ImportTestSupport.FixturesRoot(), "claude-code", name);

        [Theory]
        [InlineData("spotter-short.jsonl")]
        [InlineData("spotter-sidechain-agent-a881341.jsonl")]
        [InlineData("spotter-subagent-progress.jsonl")]
        public void Fixture_imports_to_ccusage_per_model_totals(string name)
        {
            using var temp = new TempDir();
            ImportTestSupport.CopyInto(Fixture(name), temp.Combine("claude", "projects", "-home-user-proj"));
            var target = new DayIndexedTarget(temp.Combine("store"));

            var result = TelemetryImporter.Import(ImportSource.ClaudeCode, target, ImportTestSupport.Options(temp.Combine("claude")));

            var actual = ImportTestSupport.ByModel(target.ReadAll());
            var expected = ExpectedTotals.For("claude-code/" + name);
            Assert.Equal(expected.Keys.OrderBy(k => k), actual.Keys.OrderBy(k => k));
            foreach (var pair in expected)
            {
                var a = actual[pair.Key];
                Assert.Equal(pair.Value, a with { Calls = 0, Reasoning = 0 });
            }
            Assert.Equal(0, result.Malformed);
            Assert.Equal(1, result.FilesRead);
            Assert.Equal(result.Added, target.ReadAll().Count);
        }

        /// <summary>
        /// ccusage's own fixture, with a top-level costUSD on every line: each model's tokens and cost equal
        /// expected-totals.json (ccusage 20.0.24's figures), the costUSD is kept rather than repriced, and the calls
        /// fall on the days the file lists.
        /// </summary>
        [Fact]
        public void Synthetic_fixture_matches_ccusage_per_model_and_keeps_its_costUSD()
        {
            const string name = "ccusage-synthetic-costUSD.jsonl";
            using var temp = new TempDir();
            ImportTestSupport.CopyInto(Fixture(name), temp.Combine("projects", "project-alpha", "session-alpha"), "chat.jsonl");
            var target = new DayIndexedTarget(temp.Combine("store"));
            int priced = 0;

            TelemetryImporter.Import(ImportSource.ClaudeCode, target,
                ImportTestSupport.Options(temp.Path, (model, tokens, at) => { priced++; return 999; }));

            var records = target.ReadAll();
            Assert.Equal(0, priced);
            Assert.All(records, r => Assert.Equal("project-alpha", r.Metadata.Project));

            var expected = ExpectedTotals.For("claude-code/" + name);
            var actual = ImportTestSupport.ByModel(records);
            Assert.Equal(expected.Keys.OrderBy(k => k), actual.Keys.OrderBy(k => k));
            foreach (var pair in expected)
            {
                Assert.Equal(pair.Value, actual[pair.Key] with { Calls = 0 });
                Assert.Equal(ExpectedTotals.Cost("claude-code/" + name, pair.Key)!.Value,
                    records.Where(r => r.Model == pair.Key).Sum(r => r.CostUsd!.Value), 10);
            }
            Assert.Equal(ExpectedTotals.Days("claude-code/" + name), records.Select(r => r.UtcDay.ToString("yyyy-MM-dd")).Distinct().OrderBy(d => d));
        }

        [Fact]
        public void Records_carry_session_project_branch_agent_host_and_the_1h_cache_split()
        {
            using var temp = new TempDir();
            ImportTestSupport.CopyInto(Fixture("spotter-subagent-progress.jsonl"), temp.Combine("projects", "p"));
            ImportTestSupport.CopyInto(Fixture("spotter-sidechain-agent-a881341.jsonl"), temp.Combine("projects", "q", "258c7280-ae70-4798-800f-63464d01a85d", "subagents"), "agent-a881341.jsonl");
            var target = new DayIndexedTarget(temp.Combine("store"));

            TelemetryImporter.Import(ImportSource.ClaudeCode, target, ImportTestSupport.Options(temp.Path));
            var records = target.ReadAll();

            Assert.All(records, r =>
            {
                Assert.Equal("anthropic", r.Provider);
                Assert.Equal("chat", r.Operation);
                Assert.Equal("test-host", r.Metadata.Host);
                Assert.Equal("claude-code", r.Metadata.Source);
                Assert.StartsWith("claude-code-", r.Id);
                Assert.Null(r.CostUsd);
            });
            var main = records.Where(r => r.Model == "claude-opus-4-6").ToList();
            Assert.All(main, r =>
            {
                Assert.Equal("claude-code", r.AgentName);
                Assert.Equal("spotter", r.Metadata.Project);
                Assert.Equal("master", r.Metadata.GitBranch);
                Assert.Equal("491e126e-1e71-469c-ade2-fcc8af567c74", r.SessionId);
                Assert.Equal(r.Tokens.CacheCreationInput, r.Tokens.CacheCreation1hInput);
            });
            Assert.All(records.Where(r => r.Model == "claude-haiku-4-5-20251001"), r => Assert.Equal("subagent:afb92ff", r.AgentName));
            var sidechain = records.Where(r => r.Model == "claude-sonnet-4-5-20250929").ToList();
            Assert.Equal(3, sidechain.Count);
            Assert.All(sidechain, r =>
            {
                Assert.Equal("subagent:a881341", r.AgentName);
                Assert.Equal("spotter-gqc", r.Metadata.GitBranch);
                Assert.Equal("spotter-gqc", r.Metadata.Project);
            });
        }

        /// <summary>
        /// The second pass reads each chosen line again: a log rewritten between the passes is reported unreadable (not
        /// imported as whatever now sits at those offsets), and its checkpoint is dropped so that the next import reads
        /// it whole.
        /// </summary>
        [Fact]
        public void A_log_rewritten_between_the_two_passes_is_reported_and_read_whole_next_time()
        {
            using var temp = new TempDir();
            var log = ImportTestSupport.CopyInto(Fixture("spotter-subagent-progress.jsonl"), temp.Combine("projects", "p"));
            var target = new DayIndexedTarget(temp.Combine("store"));
            var run = new ImportRun(ImportSource.ClaudeCode, target, ImportTestSupport.Options(temp.Path), System.Threading.CancellationToken.None);
            using var spill = new CallSpill(temp.Combine("scratch"));
            var outcomes = run.FilesToRead().Select(f => ClaudeCodeImporter.ParseFile(run, f, spill)).ToArray();
            foreach (var outcome in outcomes) run.Absorb(outcome);
            ClaudeCodeImporter.Choose(run, outcomes);
            var original = File.ReadAllLines(log);
            File.WriteAllLines(log, original.Reverse());
            ClaudeCodeImporter.WriteAll(run, outcomes);
            var first = run.Finish();

            var unreadable = Assert.Single(first.UnreadableFiles);
            Assert.Equal(log, unreadable.Path);
            Assert.Contains("changed while it was imported", unreadable.Reason);

            var again = TelemetryImporter.Import(ImportSource.ClaudeCode, target, ImportTestSupport.Options(temp.Path));
            Assert.Empty(again.UnreadableFiles);
            File.WriteAllLines(log, original);
            var fresh = new DayIndexedTarget(temp.Combine("fresh"));
            TelemetryImporter.Import(ImportSource.ClaudeCode, fresh, ImportTestSupport.Options(temp.Path));
            // Whatever the first run wrote before it noticed plus what the second read is every call once, as a clean import has it.
            Assert.Equal(ImportTestSupport.ByModel(fresh.ReadAll()), ImportTestSupport.ByModel(target.ReadAll()));
        }

        [Fact]
        public void Pricer_prices_calls_without_costUSD_and_null_pricer_leaves_cost_null()
        {
            using var temp = new TempDir();
            ImportTestSupport.CopyInto(Fixture("spotter-short.jsonl"), temp.Combine("projects", "p"));
            var priced = new DayIndexedTarget(temp.Combine("priced"));
            var unpriced = new DayIndexedTarget(temp.Combine("unpriced"));
            string? seenModel = null;
            long seenCache1h = -1;

            TelemetryImporter.Import(ImportSource.ClaudeCode, priced, ImportTestSupport.Options(temp.Path, (model, tokens, at) =>
            {
                seenModel = model;
                seenCache1h = tokens.CacheCreation1hInput;
                return tokens.Output * 0.5;
            }));
            TelemetryImporter.Import(ImportSource.ClaudeCode, unpriced, ImportTestSupport.Options(temp.Path));

            Assert.Equal("claude-opus-4-6", seenModel);
            Assert.Equal(13835, seenCache1h);
            Assert.Equal(6.5, priced.ReadAll().Single().CostUsd);
            Assert.Null(unpriced.ReadAll().Single().CostUsd);
        }

        [Fact]
        public void Importing_twice_adds_nothing_and_skips_unchanged_files()
        {
            using var temp = new TempDir();
            foreach (var name in new[] { "spotter-short.jsonl", "spotter-subagent-progress.jsonl", "spotter-sidechain-agent-a881341.jsonl", "ccusage-synthetic-costUSD.jsonl" })
                ImportTestSupport.CopyInto(Fixture(name), temp.Combine("projects", "p"));
            var target = new DayIndexedTarget(temp.Combine("store"));

            var first = TelemetryImporter.Import(ImportSource.ClaudeCode, target, ImportTestSupport.Options(temp.Path));
            var second = TelemetryImporter.Import(ImportSource.ClaudeCode, target, ImportTestSupport.Options(temp.Path));
            var forced = TelemetryImporter.Import(ImportSource.ClaudeCode, target, new ImportOptions { Path = temp.Path, SettleTime = TimeSpan.Zero, IgnoreCheckpoints = true });

            Assert.Equal(4, first.FilesRead);
            Assert.True(first.Added > 0);
            Assert.Equal(0, second.Added);
            Assert.Equal(0, second.FilesRead);
            Assert.Equal(4, second.FilesSkippedUnchanged);
            Assert.Equal(0, forced.Added);
            Assert.Equal(first.Added, forced.Duplicates - (first.Duplicates));
            Assert.Equal(first.Added, target.ReadAll().Count);
        }

        [Fact]
        public void Appending_lines_adds_exactly_the_new_calls()
        {
            using var temp = new TempDir();
            var lines = File.ReadAllLines(Fixture("spotter-subagent-progress.jsonl"));
            // Cut on a call boundary: line 57 is the first line of a new main-thread call.
            int cut = 56;
            var log = Path.Combine(temp.Combine("projects", "p"), "s.jsonl");
            Directory.CreateDirectory(Path.GetDirectoryName(log)!);
            File.WriteAllText(log, string.Join("\n", lines.Take(cut)) + "\n");
            var target = new DayIndexedTarget(temp.Combine("store"));

            var first = TelemetryImporter.Import(ImportSource.ClaudeCode, target, ImportTestSupport.Options(temp.Path));
            ImportTestSupport.AppendText(log, string.Join("\n", lines.Skip(cut)) + "\n");
            ImportTestSupport.Touch(log);
            var second = TelemetryImporter.Import(ImportSource.ClaudeCode, target, ImportTestSupport.Options(temp.Path));

            Assert.Equal(11, first.Added); // 6 opus calls and 5 haiku (subagent) calls before line 57
            Assert.Equal(6, second.Added); // the 6 opus calls from line 57 on
            Assert.Equal(lines.Length - cut, second.Lines);
            var expected = ExpectedTotals.For("claude-code/spotter-subagent-progress.jsonl");
            var actual = ImportTestSupport.ByModel(target.ReadAll());
            foreach (var pair in expected) Assert.Equal(pair.Value, actual[pair.Key] with { Calls = 0 });
        }

        [Fact]
        public void A_growing_log_imports_its_last_call_at_once_and_corrects_it_when_it_completes()
        {
            using var temp = new TempDir();
            var lines = File.ReadAllLines(Fixture("spotter-subagent-progress.jsonl"));
            // Lines 31-32 report msg_0179… with 8 output tokens while it streams; line 33 has the final 472.
            var log = Path.Combine(temp.Combine("projects", "p"), "s.jsonl");
            Directory.CreateDirectory(Path.GetDirectoryName(log)!);
            File.WriteAllText(log, string.Join("\n", lines.Take(32)) + "\n");
            var target = new DayIndexedTarget(temp.Combine("store"));
            // Written this instant: a log being written now.
            var growing = ImportTestSupport.Options(temp.Path) with { SettleTime = TimeSpan.FromHours(1) };

            var first = TelemetryImporter.Import(ImportSource.ClaudeCode, target, growing);
            Assert.Equal(8, Assert.Single(target.ReadAll(), r => r.Tokens.CacheCreationInput == 762).Tokens.Output);

            ImportTestSupport.AppendText(log, string.Join("\n", lines.Skip(32).Take(2)) + "\n");
            ImportTestSupport.Touch(log);
            var second = TelemetryImporter.Import(ImportSource.ClaudeCode, target, growing);

            Assert.Equal(1, second.Corrected);
            Assert.Equal(first.Added + second.Added, target.ReadAll().Count);
            var call = Assert.Single(target.ReadAll(), r => r.Tokens.CacheCreationInput == 762);
            Assert.Equal(472, call.Tokens.Output);
        }

        [Fact]
        public void A_replaced_or_shrunk_log_is_read_again_in_full_and_dedup_keeps_the_store_right()
        {
            using var temp = new TempDir();
            var log = ImportTestSupport.CopyInto(Fixture("spotter-subagent-progress.jsonl"), temp.Combine("projects", "p"), "s.jsonl");
            var target = new DayIndexedTarget(temp.Combine("store"));
            var first = TelemetryImporter.Import(ImportSource.ClaudeCode, target, ImportTestSupport.Options(temp.Path));

            File.WriteAllBytes(log, File.ReadAllBytes(Fixture("spotter-short.jsonl")));
            ImportTestSupport.Touch(log);
            var second = TelemetryImporter.Import(ImportSource.ClaudeCode, target, ImportTestSupport.Options(temp.Path));

            Assert.Equal(1, second.Added);
            Assert.Equal(15, second.Lines);
            Assert.Equal(first.Added + 1, target.ReadAll().Count);
        }

        [Fact]
        public void Malformed_and_truncated_lines_are_counted_with_file_and_line_and_the_rest_imports()
        {
            using var temp = new TempDir();
            var lines = File.ReadAllLines(Fixture("spotter-short.jsonl")).ToList();
            var good = lines[4];
            lines.Insert(2, "this is not json");
            lines.Insert(3, good.Substring(0, good.Length / 2));
            lines.Insert(4, good.Replace("\"input_tokens\":3", "\"input_tokens\":\"three\""));
            lines.Insert(5, "{\"type\":\"assistant\",\"message\":{\"usage\":{\"input_tokens\":1,\"output_tokens\":2}},\"timestamp\":\"nope\"}");
            lines.Insert(6, good.Replace("2026-02-10T21:11:59.186Z", "0001-01-01T00:00:00.000Z"));
            var log = Path.Combine(temp.Combine("projects", "p"), "bad.jsonl");
            Directory.CreateDirectory(Path.GetDirectoryName(log)!);
            // The last line is cut off and has no newline: a writer killed mid-line.
            File.WriteAllText(log, string.Join("\n", lines) + "\n" + good.Substring(0, 100));
            var target = new DayIndexedTarget(temp.Combine("store"));

            var result = TelemetryImporter.Import(ImportSource.ClaudeCode, target, ImportTestSupport.Options(temp.Path));

            Assert.Equal(6, result.Malformed);
            Assert.Equal(new long[] { 3, 4, 5, 6, 7, lines.Count + 1 }, result.MalformedLines.Select(m => m.Line));
            Assert.All(result.MalformedLines, m => Assert.Equal(log, m.File));
            Assert.Contains("not a number", result.MalformedLines[2].Problem);
            Assert.Equal(1, result.Added);
            Assert.Equal(13, target.ReadAll().Single().Tokens.Output);
        }

        [Fact]
        public void Lines_longer_than_the_read_buffer_and_CRLF_endings_and_a_BOM_are_read()
        {
            using var temp = new TempDir();
            var lines = File.ReadAllLines(Fixture("spotter-subagent-progress.jsonl")).ToList();
            // A 3 MB text block in one assistant line: thrice the reader's chunk.
            int big = lines.FindIndex(l => l.Contains("\"usage\"") && l.Contains("\"type\":\"text\",\"text\":\""));
            lines[big] = lines[big].Replace("\"type\":\"text\",\"text\":\"", "\"type\":\"text\",\"text\":\"" + new string('x', 3 * 1024 * 1024));
            var log = Path.Combine(temp.Combine("projects", "p"), "crlf.jsonl");
            Directory.CreateDirectory(Path.GetDirectoryName(log)!);
            File.WriteAllText(log, string.Join("\r\n", lines) + "\r\n", new System.Text.UTF8Encoding(true));
            var target = new DayIndexedTarget(temp.Combine("store"));

            var result = TelemetryImporter.Import(ImportSource.ClaudeCode, target, ImportTestSupport.Options(temp.Path));

            Assert.Equal(0, result.Malformed);
            Assert.Equal(lines.Count, result.Lines);
            var expected = ExpectedTotals.For("claude-code/spotter-subagent-progress.jsonl");
            var actual = ImportTestSupport.ByModel(target.ReadAll());
            foreach (var pair in expected) Assert.Equal(pair.Value, actual[pair.Key] with { Calls = 0 });
        }

        [Fact]
        public void An_unreadable_file_is_reported_by_path_and_the_rest_still_imports()
        {
            if (OperatingSystem.IsWindows()) return;
            using var temp = new TempDir();
            ImportTestSupport.CopyInto(Fixture("spotter-short.jsonl"), temp.Combine("projects", "p"));
            var locked = ImportTestSupport.CopyInto(Fixture("spotter-sidechain-agent-a881341.jsonl"), temp.Combine("projects", "p"));
            File.SetUnixFileMode(locked, UnixFileMode.None);
            bool replaced = false;
            try
            {
                // Root reads a mode-000 file anyway: make it unreadable for root too, as a link to a file that is gone.
                if (ImportTestSupport.CanReadDespiteMode(locked))
                {
                    replaced = true;
                    File.Delete(locked);
                    File.CreateSymbolicLink(locked, temp.Combine("gone", "missing.jsonl"));
                }
                var target = new DayIndexedTarget(temp.Combine("store"));

                var result = TelemetryImporter.Import(ImportSource.ClaudeCode, target, ImportTestSupport.Options(temp.Path));

                var unreadable = Assert.Single(result.UnreadableFiles);
                Assert.Equal(locked, unreadable.Path);
                Assert.Equal(1, result.FilesRead);
                Assert.Equal("claude-opus-4-6", Assert.Single(target.ReadAll()).Model);
            }
            finally
            {
                if (!replaced) File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }
        }

        [Fact]
        public void Dry_run_counts_but_writes_no_records_and_no_checkpoint()
        {
            using var temp = new TempDir();
            ImportTestSupport.CopyInto(Fixture("spotter-subagent-progress.jsonl"), temp.Combine("projects", "p"));
            var target = new DayIndexedTarget(temp.Combine("store"));
            var options = ImportTestSupport.Options(temp.Path);
            options = options with { DryRun = true };

            var dry = TelemetryImporter.Import(ImportSource.ClaudeCode, target, options);
            Assert.True(dry.DryRun);
            Assert.Equal(17, dry.Added);
            Assert.Equal(0, target.Batches);
            Assert.False(Directory.Exists(target.StateDirectory));

            var real = TelemetryImporter.Import(ImportSource.ClaudeCode, target, ImportTestSupport.Options(temp.Path));
            Assert.Equal(1, real.FilesRead);
            Assert.Equal(17, real.Added);
        }

        [Fact]
        public void Progress_reports_files_and_bytes_on_the_calling_thread()
        {
            using var temp = new TempDir();
            foreach (var name in new[] { "spotter-short.jsonl", "spotter-subagent-progress.jsonl" })
                ImportTestSupport.CopyInto(Fixture(name), temp.Combine("projects", "p"));
            var reports = new System.Collections.Generic.List<ImportProgress>();
            int thread = Environment.CurrentManagedThreadId;
            bool otherThread = false;
            var options = ImportTestSupport.Options(temp.Path);
            options = options with { Progress = new SyncProgress(p =>
            {
                reports.Add(p);
                if (Environment.CurrentManagedThreadId != thread) otherThread = true;
            }) };

            var result = TelemetryImporter.Import(ImportSource.ClaudeCode, new DayIndexedTarget(temp.Combine("store")), options);

            Assert.False(otherThread);
            var last = reports.Last();
            Assert.Equal("claude-code", last.Source);
            Assert.Equal(2, last.FilesDone);
            Assert.Equal(2, last.FilesTotal);
            Assert.Equal(result.Bytes, last.BytesDone);
            Assert.Equal(last.BytesTotal, last.BytesDone);
        }

        [Fact]
        public void Dedup_asks_the_store_only_about_the_days_the_calls_fall_in()
        {
            using var temp = new TempDir();
            ImportTestSupport.CopyInto(Fixture("ccusage-synthetic-costUSD.jsonl"), temp.Combine("projects", "p"));
            var target = new DayIndexedTarget(temp.Combine("store"));

            TelemetryImporter.Import(ImportSource.ClaudeCode, target, ImportTestSupport.Options(temp.Path));

            Assert.Equal(new[] { "2026-01-09", "2026-01-10" }, target.DaysLoaded.OrderBy(d => d));
        }

        [Fact]
        public void Default_locations_follow_CLAUDE_CONFIG_DIR_with_several_folders()
        {
            var before = Environment.GetEnvironmentVariable("CLAUDE_CONFIG_DIR");
            try
            {
                Environment.SetEnvironmentVariable("CLAUDE_CONFIG_DIR", "/tmp/a, /tmp/b ,");
                Assert.Equal(new[] { Path.GetFullPath("/tmp/a/projects"), Path.GetFullPath("/tmp/b/projects") },
                    TelemetryImporter.DefaultLocations(ImportSource.ClaudeCode));
                Environment.SetEnvironmentVariable("CLAUDE_CONFIG_DIR", null);
                var defaults = TelemetryImporter.DefaultLocations(ImportSource.ClaudeCode);
                Assert.Equal(2, defaults.Count);
                Assert.EndsWith(Path.Combine(".config", "claude", "projects"), defaults[0]);
                Assert.EndsWith(Path.Combine(".claude", "projects"), defaults[1]);
            }
            finally
            {
                Environment.SetEnvironmentVariable("CLAUDE_CONFIG_DIR", before);
            }
        }

        private sealed class SyncProgress : IProgress<ImportProgress>
        {
            private readonly Action<ImportProgress> _report;

            public SyncProgress(Action<ImportProgress> report) => _report = report;

            public void Report(ImportProgress value) => _report(value);
        }
    }
}
