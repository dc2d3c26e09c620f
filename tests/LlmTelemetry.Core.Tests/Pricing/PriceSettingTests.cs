using System;
using System.IO;
using System.Linq;
using LlmTelemetry.Pricing;
using LlmTelemetry.Records;
using Xunit;
using static LlmTelemetry.Tests.Pricing.PricingTestSupport;

namespace LlmTelemetry.Tests.Pricing
{
    public sealed class PriceSettingTests
    {
        [Fact]
        public void A_known_name_updates_that_model_through_its_alias_and_says_how_it_resolved()
        {
            using var temp = new TempFolder();
            var registry = ModelRegistry.Load(temp.File("models.json"));
            var plan = registry.PlanPrice(new ModelPriceRequest { Model = "haiku", InputPerMillion = 0.5, OutputPerMillion = 2.5 });
            Assert.False(plan.IsNew);
            Assert.Equal("claude-haiku-4-5", plan.Id);
            Assert.Equal("anthropic", plan.Provider);
            Assert.Contains("resolved 'haiku' to claude-haiku-4-5", plan.Resolution);
            Assert.StartsWith("Set price $0.5 in / $2.5 out per million tokens, always, in ", plan.Description);
            Assert.False(File.Exists(temp.File("models.json")));

            var change = registry.SavePrice(plan);
            Assert.False(change.Added);
            Assert.Equal(ModelOrigins.Override, change.Model.Origin);
            Assert.Equal(2.5, ModelRegistry.Load(temp.File("models.json")).Resolve("claude-haiku-4-5").Model!.Prices.Single().Output);
        }

        [Fact]
        public void An_unknown_name_adds_a_model_with_its_provider_and_context_window()
        {
            using var temp = new TempFolder();
            var registry = ModelRegistry.Load(temp.File("models.json"));
            var plan = registry.PlanPrice(new ModelPriceRequest { Model = " llama3.1:8b ", InputPerMillion = 0, OutputPerMillion = 0, Provider = "ollama", ContextWindow = 131072 });
            Assert.True(plan.IsNew);
            Assert.Equal("llama3.1:8b", plan.Id);
            Assert.Null(plan.Resolution);
            Assert.StartsWith("Add model (ollama) priced $0 in / $0 out", plan.Description);

            var change = registry.SavePrice(plan);
            Assert.True(change.Added);
            var model = ModelRegistry.Load(temp.File("models.json")).Resolve("llama3.1:8b").Model!;
            Assert.Equal(("ollama", (int?)131072), (model.Provider, model.ContextWindow));
        }

        [Fact]
        public void An_unknown_name_without_a_provider_is_refused_naming_the_provider_and_nothing_is_written()
        {
            using var temp = new TempFolder();
            var registry = ModelRegistry.Load(temp.File("models.json"));
            var ex = Assert.Throws<TelemetryValidationException>(() => registry.PlanPrice(new ModelPriceRequest { Model = "brand-new-model", InputPerMillion = 1, OutputPerMillion = 2 }));
            Assert.Equal("provider", ex.Field);
            Assert.Contains("brand-new-model", ex.Message);
            Assert.False(File.Exists(temp.File("models.json")));
        }

        [Theory]
        [InlineData("", 1, 2, "model")]
        [InlineData("haiku", -1, 2, "input_per_million")]
        [InlineData("haiku", 1, double.NaN, "output_per_million")]
        public void Bad_input_is_refused_naming_the_field(string model, double input, double output, string field)
        {
            var registry = ModelRegistry.LoadBuiltIn();
            var ex = Assert.Throws<TelemetryValidationException>(() => registry.PlanPrice(new ModelPriceRequest { Model = model, InputPerMillion = input, OutputPerMillion = output }));
            Assert.Equal(field, ex.Field);
        }

        [Theory]
        [InlineData("bedrock")]
        [InlineData("vertex")]
        [InlineData("anthropic")]
        public void A_Claude_model_gets_Claudes_cache_rules_whoever_serves_it(string provider)
        {
            using var temp = new TempFolder();
            var registry = ModelRegistry.Load(temp.File("models.json"));
            var plan = registry.PlanPrice(new ModelPriceRequest { Model = "anthropic.claude-house-v1", InputPerMillion = 4, OutputPerMillion = 20, Provider = provider });
            Assert.True(plan.IsNew);
            Assert.Equal((0.4, 5.0, 8.0), (plan.Price.CacheRead, plan.Price.CacheWrite5m, plan.Price.CacheWrite1h));
        }

        [Fact]
        public void A_known_Claude_model_moved_to_another_provider_keeps_Claudes_cache_rules_and_the_new_provider()
        {
            using var temp = new TempFolder();
            var registry = ModelRegistry.Load(temp.File("models.json"));
            var change = registry.SavePrice(registry.PlanPrice(new ModelPriceRequest { Model = "claude-haiku-4-5", InputPerMillion = 2, OutputPerMillion = 10, Provider = "vertex" }));
            Assert.Equal("vertex", change.Model.Provider);
            var price = change.Model.Prices.Single();
            Assert.Equal((0.2, 2.5, 4.0), (price.CacheRead, price.CacheWrite5m, price.CacheWrite1h));
        }

        [Fact]
        public void Another_model_bills_cache_tokens_as_input_even_from_Anthropic()
        {
            var plan = ModelRegistry.LoadBuiltIn().PlanPrice(new ModelPriceRequest { Model = "house-model", InputPerMillion = 4, OutputPerMillion = 20, Provider = "anthropic" });
            Assert.Equal((4.0, 4.0, 4.0), (plan.Price.CacheRead, plan.Price.CacheWrite5m, plan.Price.CacheWrite1h));
        }

        [Fact]
        public void Given_cache_rates_are_kept_not_derived()
        {
            var plan = ModelRegistry.LoadBuiltIn().PlanPrice(new ModelPriceRequest { Model = "sonnet", InputPerMillion = 2, OutputPerMillion = 10, CacheReadPerMillion = 0.3, CacheWrite5mPerMillion = 2.6, CacheWrite1hPerMillion = 4.1 });
            Assert.Equal((0.3, 2.6, 4.1), (plan.Price.CacheRead, plan.Price.CacheWrite5m, plan.Price.CacheWrite1h));
        }

        [Fact]
        public void Replacing_a_price_with_long_context_tiers_warns_that_the_tiers_are_dropped()
        {
            using var temp = new TempFolder();
            var registry = ModelRegistry.Load(temp.File("models.json"));
            var known = registry.Resolve("claude-sonnet-4-5").Model!;
            Assert.NotEmpty(known.Prices.Single(p => p.EffectiveFrom is null).Tiers);

            var change = registry.SavePrice(registry.PlanPrice(new ModelPriceRequest { Model = "claude-sonnet-4-5", InputPerMillion = 2, OutputPerMillion = 10 }));
            var warning = Assert.Single(change.Warnings);
            Assert.Contains("long-context rates of claude-sonnet-4-5's replaced price (above 200,000 prompt tokens)", warning);
            Assert.Empty(change.Model.Prices.Single().Tiers);
        }

        [Fact]
        public void A_dated_price_replaces_nothing_so_nothing_is_lost_or_warned()
        {
            var registry = ModelRegistry.LoadBuiltIn();
            var plan = registry.PlanPrice(new ModelPriceRequest { Model = "claude-sonnet-4-5", InputPerMillion = 2, OutputPerMillion = 10, EffectiveFrom = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero) });
            Assert.Empty(plan.Warnings);
            Assert.Contains("from 2026-12-01 00:00 UTC", plan.Description);
        }

        [Fact]
        public void Replacing_a_price_with_a_reasoning_rate_warns_that_the_rate_is_dropped()
        {
            using var temp = new TempFolder();
            File.WriteAllText(temp.File("models.json"), "{\"models\":[{\"id\":\"house-thinker\",\"provider\":\"local\",\"prices\":[{\"input\":1,\"output\":2,\"reasoning_output\":8}]}]}");
            var registry = ModelRegistry.Load(temp.File("models.json"));
            var plan = registry.PlanPrice(new ModelPriceRequest { Model = "house-thinker", InputPerMillion = 1, OutputPerMillion = 3 });
            var warning = Assert.Single(plan.Warnings);
            Assert.Contains("reasoning rate of house-thinker's replaced price ($8 per million tokens)", warning);
        }
    }
}
