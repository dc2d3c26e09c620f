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
            var options = ImportTestSupport.Options(temp.Combine("claude"));
            options.MaxDegreeOfParallelism = parallelism;
            options.BatchSize = 50;

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
    }
}
