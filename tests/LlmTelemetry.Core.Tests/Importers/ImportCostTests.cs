using System;
using System.IO;
using System.Linq;
using LlmTelemetry.Importers;
using LlmTelemetry.Pricing;
using Xunit;

namespace LlmTelemetry.Tests.Importers
{
    /// <summary>Imported calls priced by the built-in registry come within 0.5% of what ccusage reports.</summary>
    public sealed class ImportCostTests
    {
        private static readonly CostCalculator Calculator = new CostCalculator(ModelRegistry.LoadBuiltIn());

        [Theory]
        [InlineData("claude-code", "spotter-short.jsonl")]
        [InlineData("claude-code", "spotter-sidechain-agent-a881341.jsonl")]
        [InlineData("claude-code", "spotter-subagent-progress.jsonl")]
        [InlineData("codex", "localpush-rollout-2026-02-23T13-19-38-019c8a70-dda7-7f33-98ea-f30553347322.jsonl")]
        [InlineData("codex", "localpush-rollout-2026-02-23T20-34-25-019c8bfe-ec25-79e0-97d7-bda6a9c575ff.jsonl")]
        public void Priced_fixture_costs_match_ccusage_within_half_a_percent(string kind, string name)
        {
            using var temp = new TempDir();
            ImportTestSupport.CopyInto(Path.Combine(ImportTestSupport.FixturesRoot(), kind, name), temp.Combine("logs"));
            var target = new DayIndexedTarget(temp.Path);
            var source = kind == "codex" ? ImportSource.Codex : ImportSource.ClaudeCode;

            TelemetryImporter.Import(source, target, ImportTestSupport.Options(temp.Combine("logs"), Calculator.CostOf));

            var records = target.ReadAll();
            Assert.All(records, r => Assert.NotNull(r.CostUsd));
            if (kind == "codex")
            {
                double expected = ExpectedTotals.FileCost(kind + "/" + name);
                Assert.InRange(records.Sum(r => r.CostUsd!.Value), expected * 0.995, expected * 1.005);
                return;
            }
            foreach (var model in records.Select(r => r.Model!).Distinct())
            {
                double expected = ExpectedTotals.Cost(kind + "/" + name, model)!.Value;
                double actual = records.Where(r => r.Model == model).Sum(r => r.CostUsd!.Value);
                Assert.True(Math.Abs(actual - expected) <= expected * 0.005, $"{model}: {actual} vs ccusage {expected}");
            }
        }
    }
}
