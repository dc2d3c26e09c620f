using System.IO;
using System.Linq;
using LlmTelemetry.Pricing;
using LlmTelemetry.Records;
using Xunit;
using static LlmTelemetry.Tests.Pricing.PricingTestSupport;

namespace LlmTelemetry.Tests.Pricing
{
    public sealed class LiteLlmImporterTests
    {
        private const string Sample = @"{
  ""sample_spec"": {""mode"": ""one of: chat, embedding"", ""input_cost_per_token"": 0.0},
  ""claude-sonnet-4-5"": {""litellm_provider"": ""anthropic"", ""mode"": ""chat"",
     ""input_cost_per_token"": 4e-06, ""output_cost_per_token"": 2e-05,
     ""cache_creation_input_token_cost"": 5e-06, ""cache_creation_input_token_cost_above_1hr"": 8e-06, ""cache_read_input_token_cost"": 4e-07,
     ""input_cost_per_token_above_200k_tokens"": 8e-06, ""output_cost_per_token_above_200k_tokens"": 3e-05,
     ""max_input_tokens"": 200000, ""max_output_tokens"": 64000, ""supports_vision"": true, ""supports_function_calling"": true,
     ""supports_reasoning"": true, ""supports_prompt_caching"": true},
  ""acme/new-chat-1"": {""litellm_provider"": ""acme"", ""mode"": ""chat"", ""input_cost_per_token"": 1.5e-06, ""output_cost_per_token"": 6e-06,
     ""max_tokens"": 32000, ""supports_function_calling"": true},
  ""mistral/mistral-tiny-2"": {""litellm_provider"": ""mistral"", ""mode"": ""chat"", ""input_cost_per_token"": 1e-07, ""output_cost_per_token"": 3e-07},
  ""text-embedding-3-small"": {""litellm_provider"": ""openai"", ""mode"": ""embedding"", ""input_cost_per_token"": 2e-08, ""output_cost_per_token"": 0.0},
  ""free-but-unpriced"": {""litellm_provider"": ""acme"", ""mode"": ""chat""}
}";

        [Fact]
        public void Import_converts_per_token_to_per_million_with_cache_tier_limits_and_flags_and_counts()
        {
            using var temp = new TempFolder();
            File.WriteAllText(temp.File("litellm.json"), Sample);
            var registry = ModelRegistry.Load(temp.File("models.json"));
            var result = new LiteLlmImporter(registry).Import(temp.File("litellm.json"));

            Assert.Equal(2, result.Added);
            Assert.Equal(1, result.Changed);
            Assert.Equal(3, result.Skipped);
            Assert.Equal(new[] { "acme/new-chat-1", "mistral-tiny-2" }, result.AddedIds.OrderBy(x => x));
            Assert.Equal(new[] { "claude-sonnet-4-5" }, result.ChangedIds);

            var sonnet = registry.Resolve("claude-sonnet-4-5-20250929").Model!;
            Assert.Equal("claude-sonnet-4-5", sonnet.Id);
            var p = sonnet.Prices.Single();
            Assert.Equal((4.0, 20.0, 5.0, 8.0, 0.4), (p.Input, p.Output, p.CacheWrite5m, p.CacheWrite1h, p.CacheRead));
            var tier = p.Tiers.Single();
            // The tier gives input and output only: reads and 5m writes keep the explicit base figure; the 1h write is 2x the tier input.
            Assert.Equal((200000L, 8.0, 30.0, 5.0, 16.0, 0.4), (tier.AbovePromptTokens, tier.Input, tier.Output, tier.CacheWrite5m, tier.CacheWrite1h, tier.CacheRead));

            var acme = registry.Resolve("acme/new-chat-1").Model!;
            Assert.Equal((32000, 32000, true, false), (acme.ContextWindow!.Value, acme.MaxOutputTokens!.Value, acme.SupportsTools, acme.SupportsVision));
            Assert.Equal((1.5, 6.0, 1.5, 1.5, 1.5), (acme.Prices[0].Input, acme.Prices[0].Output, acme.Prices[0].CacheWrite5m, acme.Prices[0].CacheWrite1h, acme.Prices[0].CacheRead));
            Assert.Equal("mistral-tiny-2", registry.Resolve("mistral/mistral-tiny-2").Model!.Id);
            Assert.False(registry.Resolve("text-embedding-3-small").Found);

            // Survives a restart: a fresh load of the same override file prices with the imported figures.
            var cost = new CostCalculator(ModelRegistry.Load(temp.File("models.json"))).CostOf("acme/new-chat-1", TokenUsage.Create(input: 1_000_000), Now);
            AssertRelative(1.5, cost, 1e-12, "imported price after reload");
        }

        [Fact]
        public void Import_reads_a_file_with_a_UTF8_byte_order_mark()
        {
            using var temp = new TempFolder();
            File.WriteAllText(temp.File("litellm.json"), Sample, new System.Text.UTF8Encoding(true));
            var result = new LiteLlmImporter(ModelRegistry.Load(temp.File("models.json"))).Import(temp.File("litellm.json"), dryRun: true);
            Assert.Equal(2, result.Added);
            Assert.Equal(1, result.Changed);
        }

        [Fact]
        public void Importing_the_same_file_twice_changes_nothing_the_second_time()
        {
            using var temp = new TempFolder();
            var registry = ModelRegistry.Load(temp.File("models.json"));
            var first = new LiteLlmImporter(registry).Import(LiteLlmPath);
            Assert.True(first.Added > 1000, $"added {first.Added}");
            var bytes = File.ReadAllBytes(temp.File("models.json"));

            var second = new LiteLlmImporter(ModelRegistry.Load(temp.File("models.json"))).Import(LiteLlmPath);
            Assert.Equal(0, second.Added);
            Assert.Equal(0, second.Changed);
            Assert.Equal(first.Added + first.Changed + first.Unchanged, second.Unchanged);
            Assert.Equal(first.Skipped, second.Skipped);
            Assert.Equal(bytes, File.ReadAllBytes(temp.File("models.json")));
            Assert.Empty(ModelRegistry.Load(temp.File("models.json")).LoadWarnings);
        }

        [Fact]
        public void Dry_run_reports_but_writes_nothing()
        {
            using var temp = new TempFolder();
            File.WriteAllText(temp.File("litellm.json"), Sample);
            var registry = ModelRegistry.Load(temp.File("models.json"));
            var result = new LiteLlmImporter(registry).Import(temp.File("litellm.json"), dryRun: true);
            Assert.Equal(2, result.Added);
            Assert.False(File.Exists(temp.File("models.json")));
            Assert.Equal(3.0, registry.Resolve("claude-sonnet-4-5").Model!.Prices[0].Input);
        }

        [Fact]
        public void Malformed_LiteLLM_file_is_an_import_error_with_its_line()
        {
            using var temp = new TempFolder();
            File.WriteAllText(temp.File("litellm.json"), "{\n \"a\": {\n  \"mode\": chat\n }\n}");
            var ex = Assert.Throws<TelemetryException>(() => new LiteLlmImporter(ModelRegistry.Load(temp.File("models.json"))).Import(temp.File("litellm.json")));
            Assert.Equal(TelemetryErrorCode.ImportError, ex.Code);
            Assert.Contains("line 3", ex.Message);
        }

        [Fact]
        public void Known_LiteLLM_error_corrected_in_the_built_in_list_is_not_brought_back_by_an_import()
        {
            using var temp = new TempFolder();
            var registry = ModelRegistry.Load(temp.File("models.json"));
            new LiteLlmImporter(registry).Import(LiteLlmPath);
            Assert.Equal(0.5, registry.Resolve("claude-3-haiku-20240307").Model!.Prices[0].CacheWrite1h);
        }
    }
}
