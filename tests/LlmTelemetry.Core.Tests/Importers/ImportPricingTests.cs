using System.IO;
using System.Linq;
using LlmTelemetry.Importers;
using Xunit;

namespace LlmTelemetry.Tests.Importers
{
    /// <summary>
    /// The log importers price through the same call: a price the record rules refuse (an override gone absurd)
    /// costs the line it prices, counted as malformed with the reason, and every other call still imports priced.
    /// </summary>
    public sealed class ImportPricingTests
    {
        [Theory]
        [InlineData(ImportSource.ClaudeCode, "claude-code", "spotter-short.jsonl", "projects/p")]
        [InlineData(ImportSource.ClaudeCode, "claude-code", "margin-session-basic-v2.1.233.jsonl", "projects/p")]
        [InlineData(ImportSource.Codex, "codex", "localpush-rollout-2026-02-23T20-34-25-019c8bfe-ec25-79e0-97d7-bda6a9c575ff.jsonl", "codex/sessions/2026/02/23")]
        [InlineData(ImportSource.GeminiCli, "gemini", "codemie-session-2026-01-16T11-01-file-ops-37b7abef.json", "gemini/tmp/p/chats")]
        public void A_refused_price_costs_its_line_only_and_says_why(ImportSource source, string folder, string name, string into)
        {
            using var temp = new TempDir();
            string fixture = Path.Combine(ImportTestSupport.FixturesRoot(), folder, name);
            // As the tools name their logs: rollout-….jsonl, session-….json.
            string copied = name.Replace("localpush-", "").Replace("codemie-", "");
            ImportTestSupport.CopyInto(fixture, temp.Combine(into.Split('/')), copied);
            var root = source == ImportSource.ClaudeCode ? temp.Path : temp.Combine(folder);
            var truth = new DayIndexedTarget(temp.Combine("truth"));
            var all = TelemetryImporter.Import(source, truth, ImportTestSupport.Options(root, (model, tokens, at) => 0.01));
            Assert.True(all.Added >= 1, $"{name} imports at least one call");

            int offered = 0;
            var target = new DayIndexedTarget(temp.Combine("store"));
            var result = TelemetryImporter.Import(source, target, ImportTestSupport.Options(root, (model, tokens, at) => ++offered == 1 ? double.NaN : 0.01));

            Assert.Equal(all.Added - 1, result.Added);
            Assert.Equal(all.Malformed + 1, result.Malformed);
            var refused = Assert.Single(result.MalformedLines, m => m.Problem.Contains("the registry prices these tokens of"));
            Assert.Contains("at NaN USD, and a cost must be a finite number", refused.Problem);
            Assert.EndsWith(copied, refused.File);
            Assert.True(refused.Line >= 1);
            Assert.All(target.ReadAll(), r => Assert.Equal(0.01, r.CostUsd));
        }
    }
}
