using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using LlmTelemetry.Pricing;
using Xunit;
using static LlmTelemetry.Tests.Pricing.PricingTestSupport;

namespace LlmTelemetry.Tests.Pricing
{
    public sealed class BuiltInRegistryTests
    {
        private static readonly ModelRegistry BuiltIn = ModelRegistry.LoadBuiltIn();

        // The one place the shipped list departs from LiteLLM, each with the reason (see tools/update_model_registry.py).
        private static readonly Dictionary<(string Key, string Field), double> KnownCorrections = new Dictionary<(string, string), double>
        {
            // LiteLLM lists $6/M, Sonnet's figure; Anthropic's page prices Haiku 3 1-hour writes at 2x input = $0.50/M.
            [("claude-3-haiku-20240307", "cache_write_1h")] = 0.5e-6,
        };

        public static IEnumerable<object[]> ShippedModelIds() => BuiltIn.Models.Select(m => new object[] { m.Id });

        [Theory]
        [MemberData(nameof(ShippedModelIds))]
        public void Cost_of_standard_mix_equals_the_rule_applied_to_LiteLLM_figures(string id)
        {
            var model = BuiltIn.Resolve(id).Model!;
            Assert.NotEmpty(model.LiteLlmKeys);
            var calculator = new CostCalculator(BuiltIn);
            // Every LiteLLM key folded into this entry (dated twins) must price the same, and must resolve to it.
            foreach (var key in model.LiteLlmKeys)
            {
                Assert.True(LiteLlm.TryGetProperty(key, out var entry), $"{id}: LiteLLM has no key '{key}'");
                var expected = ReferenceCost(key, entry, 1234, 567, 2000, 1000, 30000);
                var result = calculator.Calculate(key, StandardMix, Now);
                Assert.Equal(model.Id, result.Resolution.Model?.Id);
                Assert.False(result.TierApplied);
                AssertRelative(expected, result.CostUsd, 1e-9, $"{id} via '{key}'");
            }
        }

        [Fact]
        public void Required_models_are_shipped_and_priced()
        {
            var required = new[]
            {
                "claude-opus-4-6", "claude-opus-4-5", "claude-opus-4-1", "claude-opus-4", "claude-sonnet-4-5", "claude-sonnet-4",
                "claude-haiku-4-5", "claude-3-7-sonnet", "claude-3-5-sonnet", "claude-3-5-haiku", "claude-3-haiku",
                "gpt-5", "gpt-5-mini", "gpt-5.1", "gpt-5.2", "gpt-5.3-codex", "gpt-5.4", "gpt-4.1", "gpt-4.1-mini", "gpt-4.1-nano",
                "gpt-4o", "gpt-4o-mini", "o3", "o4-mini", "gemini-2.5-pro", "gemini-2.5-flash", "gemini-3-pro-preview",
                "mistral-large-latest", "mistral-medium-latest", "mistral-small-latest", "deepseek-chat", "deepseek-reasoner",
                "grok-4", "grok-3", "grok-code-fast-1", "openrouter/anthropic/claude-sonnet-4.5", "openrouter/openai/gpt-4o",
                "openrouter/google/gemini-2.5-pro", "openrouter/deepseek/deepseek-chat", "openrouter/x-ai/grok-4",
            };
            foreach (var id in required)
            {
                var r = BuiltIn.Resolve(id);
                Assert.True(r.Method == ResolutionMethod.ExactId, $"{id}: {r.Explanation}");
                Assert.True(r.Model!.IsPriced, id + " has no price");
            }
            var providers = BuiltIn.Models.Select(m => m.Provider).Distinct().ToList();
            Assert.Subset(new HashSet<string>(providers), new HashSet<string> { "anthropic", "openai", "gemini", "mistral", "deepseek", "xai", "openrouter" });
        }

        [Theory]
        [InlineData("claude-opus-4-6", "claude-opus-4-6")]
        [InlineData("claude-sonnet-4-5-20250929", "claude-sonnet-4-5")]
        [InlineData("claude-haiku-4-5-20251001", "claude-haiku-4-5")]
        [InlineData("claude-sonnet-4-20250514", "claude-sonnet-4")]
        [InlineData("claude-opus-4-20250514", "claude-opus-4")]
        [InlineData("gpt-5.3-codex", "gpt-5.3-codex")]
        public void Importer_fixture_models_resolve_and_are_priced(string name, string expectedId)
        {
            var result = new CostCalculator(BuiltIn).Calculate(name, StandardMix, Now);
            Assert.Equal(expectedId, result.Resolution.Model?.Id);
            Assert.True(result.Priced);
            Assert.True(result.CostUsd > 0);
        }

        [Fact]
        public void Shipped_resource_records_LiteLLM_as_source_with_commit_and_date()
        {
            using var stream = typeof(ModelRegistry).Assembly.GetManifestResourceStream("LlmTelemetry.Pricing.BuiltInModels.json")!;
            using var doc = JsonDocument.Parse(stream);
            var source = doc.RootElement.GetProperty("source");
            Assert.Equal("BerriAI/litellm", source.GetProperty("repository").GetString());
            Assert.StartsWith("00035b69", source.GetProperty("commit").GetString());
            Assert.StartsWith("2026-", source.GetProperty("date").GetString());
            Assert.Contains("00035b69", ModelRegistry.BuiltInSource);
        }

        [Fact]
        public void Importing_the_source_LiteLLM_file_changes_no_shipped_model()
        {
            // The C# importer and the generator apply one set of rules: re-importing the source finds nothing to change.
            using var temp = new TempFolder();
            var registry = ModelRegistry.Load(temp.File("models.json"));
            var result = new LiteLlmImporter(registry).Import(LiteLlmPath, dryRun: true);
            Assert.Empty(result.ChangedIds);
            Assert.DoesNotContain(result.AddedIds, id => BuiltIn.Resolve(id).Method == ResolutionMethod.ExactId);
        }

        [Fact]
        public void Only_the_documented_corrections_depart_from_LiteLLM()
        {
            var corrected = BuiltIn.Models.SelectMany(m => m.Corrections.Select(c => (m.LiteLlmKeys[0], c.Field))).ToList();
            Assert.Equal(KnownCorrections.Keys.OrderBy(k => k.Key), corrected.OrderBy(k => k.Item1));
        }

        [Fact]
        public void No_alias_is_claimed_by_two_shipped_models_or_shadows_an_id()
        {
            var ids = new HashSet<string>(BuiltIn.Models.Select(m => m.Id), StringComparer.OrdinalIgnoreCase);
            var seen = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var m in BuiltIn.Models)
            {
                foreach (var a in m.Aliases)
                {
                    Assert.False(ids.Contains(a), $"alias '{a}' of {m.Id} is also a model id");
                    Assert.False(seen.TryGetValue(a, out var other) && other != m.Id, $"alias '{a}' is claimed by {m.Id} and {other}");
                    seen[a] = m.Id;
                }
            }
        }

        [Fact]
        public void Shipped_models_have_limits_and_capabilities()
        {
            var sonnet = BuiltIn.Resolve("claude-sonnet-4-5").Model!;
            Assert.Equal(200000, sonnet.ContextWindow);
            Assert.Equal(64000, sonnet.MaxOutputTokens);
            Assert.True(sonnet.SupportsVision && sonnet.SupportsTools && sonnet.SupportsReasoning && sonnet.SupportsPromptCaching);
            Assert.Equal("anthropic", sonnet.Provider);
            var p = sonnet.Prices.Single();
            Assert.Equal((3.0, 15.0, 3.75, 6.0, 0.3), (p.Input, p.Output, p.CacheWrite5m, p.CacheWrite1h, p.CacheRead));
            var tier = p.Tiers.Single();
            Assert.Equal((200000L, 6.0, 22.5, 7.5, 12.0, 0.6), (tier.AbovePromptTokens, tier.Input, tier.Output, tier.CacheWrite5m, tier.CacheWrite1h, tier.CacheRead));
        }

        /// <summary>
        /// The pricing rule, written again from the LiteLLM entry alone (per-token figures, so no per-million rounding):
        /// missing cache read / 5-minute write: Claude 0.1x / 1.25x input, others input; missing 1-hour write: Claude
        /// 2x input, others the 5-minute write.
        /// </summary>
        internal static double ReferenceCost(string key, JsonElement e, long input, long output, long write5m, long write1h, long read)
        {
            bool claude = key.IndexOf("claude", StringComparison.OrdinalIgnoreCase) >= 0;
            double inRate = e.GetProperty("input_cost_per_token").GetDouble();
            double outRate = e.GetProperty("output_cost_per_token").GetDouble();
            double readRate = Get(e, "cache_read_input_token_cost") ?? (claude ? 0.1 * inRate : inRate);
            double w5Rate = Get(e, "cache_creation_input_token_cost") ?? (claude ? 1.25 * inRate : inRate);
            double w1hRate = Get(e, "cache_creation_input_token_cost_above_1hr") ?? (claude ? 2 * inRate : w5Rate);
            if (KnownCorrections.TryGetValue((key, "cache_write_1h"), out var fixedRate)) w1hRate = fixedRate;
            return input * inRate + output * outRate + write5m * w5Rate + write1h * w1hRate + read * readRate;
        }

        private static double? Get(JsonElement e, string name) => e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : (double?)null;
    }
}
