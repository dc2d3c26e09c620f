using System.Linq;
using LlmTelemetry.Importers;
using Xunit;

namespace LlmTelemetry.Tests.Importers
{
    public sealed class GeneratedTreeTests
    {
        [Theory]
        [InlineData(1, 1)]
        [InlineData(7, 2)]
        public void A_generated_tree_imports_to_its_deduplicated_truth(int seed, int parallelism)
        {
            using var temp = new TempDir();
            var generator = new ClaudeCodeTreeGenerator(seed);
            generator.Generate(temp.Combine("claude"), projects: 3, sessionsPerProject: 5, turnsPerSession: 12);
            var target = new DayIndexedTarget(temp.Combine("store"));
            var options = ImportTestSupport.Options(temp.Combine("claude")) with { MaxDegreeOfParallelism = parallelism, BatchSize = 50 };

            var result = TelemetryImporter.Import(ImportSource.ClaudeCode, target, options);
            var again = TelemetryImporter.Import(ImportSource.ClaudeCode, target, ImportTestSupport.Options(temp.Combine("claude")));

            var records = target.ReadAll();
            Assert.Equal(generator.Calls, records.Count);
            Assert.Equal(generator.Calls, result.Added);
            Assert.Equal(generator.Lines, result.Lines);
            Assert.Equal(generator.Bytes, result.Bytes);
            Assert.Equal(0, result.Malformed);
            Assert.True(result.Duplicates > generator.Calls / 2, "the tree should repeat calls across lines and files");
            var actual = ImportTestSupport.ByModel(records);
            Assert.Equal(generator.Truth.Keys.OrderBy(k => k), actual.Keys.OrderBy(k => k));
            foreach (var pair in generator.Truth) Assert.Equal(pair.Value, actual[pair.Key]);
            Assert.Equal(0, again.Added);
            Assert.True(records.Where(r => r.Model == "claude-haiku-4-5-20251001").All(r => r.AgentName!.StartsWith("subagent:", System.StringComparison.Ordinal)));
            Assert.DoesNotContain(records, r => r.Model == "<synthetic>");
        }

        /// <summary>What the first pass keeps per call (the import's memory rests on it).</summary>
        [Fact]
        public void A_call_is_kept_in_48_bytes_until_it_is_written()
            => Assert.Equal(48, System.Runtime.CompilerServices.Unsafe.SizeOf<ClaudeCodeCall>());

        /// <summary>
        /// A long session whose calls come back far apart (every 500th call's final version 5,000 calls later, well past
        /// the fold window of the first pass): each call is stored once, with its final usage, as when every line was kept.
        /// </summary>
        [Theory]
        [InlineData(1)]
        [InlineData(2)]
        public void A_long_session_whose_calls_come_back_past_the_fold_window_imports_to_its_truth(int parallelism)
        {
            using var temp = new TempDir();
            var generator = new ClaudeCodeTreeGenerator(11);
            generator.GenerateLongSession(temp.Combine("claude", "projects", "-home-user-src-long", "long.jsonl"), calls: 3 * ClaudeCodeOutcome.FoldWindow,
                start: new System.DateTimeOffset(2026, 3, 1, 8, 0, 0, System.TimeSpan.Zero));
            var target = new DayIndexedTarget(temp.Combine("store"));
            var options = ImportTestSupport.Options(temp.Combine("claude")) with { MaxDegreeOfParallelism = parallelism };

            var result = TelemetryImporter.Import(ImportSource.ClaudeCode, target, options);

            var records = target.ReadAll();
            Assert.Equal(generator.Calls, records.Count);
            Assert.Equal(generator.Calls, result.Added);
            // Every assistant line but one per call is a duplicate; the user lines (one every ten calls) are not calls.
            Assert.Equal(generator.Lines - generator.Calls - (generator.Calls + 9) / 10, result.Duplicates);
            var actual = ImportTestSupport.ByModel(records);
            foreach (var pair in generator.Truth) Assert.Equal(pair.Value, actual[pair.Key]);
        }

        /// <summary>
        /// What keeps an import's memory flat: a log of more calls than a block holds goes to the spill block by block
        /// (calls coming back across block boundaries), a copy of it in a second session folds into it across files, and
        /// choosing a share of the keys at a time (here 23 shares) picks the same versions as choosing all at once.
        /// </summary>
        [Theory]
        [InlineData(1 << 18)]
        [InlineData(5_000)]
        public void A_log_larger_than_a_block_and_its_copy_import_to_their_truth_in_any_number_of_shares(int chooseShare)
        {
            using var temp = new TempDir();
            var generator = new ClaudeCodeTreeGenerator(12);
            var log = temp.Combine("claude", "projects", "-home-user-src-long", "long.jsonl");
            generator.GenerateLongSession(log, calls: ClaudeCodeOutcome.BlockSize * 5 / 2,
                start: new System.DateTimeOffset(2026, 3, 1, 8, 0, 0, System.TimeSpan.Zero));
            var copy = temp.Combine("claude", "projects", "-home-user-src-copy", "copy.jsonl");
            System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(copy)!);
            System.IO.File.Copy(log, copy);
            var target = new DayIndexedTarget(temp.Combine("store"));
            var options = ImportTestSupport.Options(temp.Combine("claude")) with { ChooseShare = chooseShare };

            var result = TelemetryImporter.Import(ImportSource.ClaudeCode, target, options);

            var records = target.ReadAll();
            Assert.Equal(generator.Calls, records.Count);
            Assert.Equal(generator.Calls, result.Added);
            long users = (generator.Calls + 9) / 10;
            Assert.Equal(2 * (generator.Lines - users) - generator.Calls, result.Duplicates);
            var actual = ImportTestSupport.ByModel(records);
            foreach (var pair in generator.Truth) Assert.Equal(pair.Value, actual[pair.Key]);
            // Read again whole, both files are stored already.
            Assert.Equal(0, TelemetryImporter.Import(ImportSource.ClaudeCode, target, options with { IgnoreCheckpoints = true }).Added);
        }
    }
}
