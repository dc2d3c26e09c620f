using System;
using System.IO;
using LlmTelemetry.Pricing;
using LlmTelemetry.Records;
using Xunit;
using static LlmTelemetry.Tests.Pricing.PricingTestSupport;

namespace LlmTelemetry.Tests.Pricing
{
    public sealed class CostCalculatorTests
    {
        private static readonly CostCalculator Calculator = new CostCalculator(ModelRegistry.LoadBuiltIn());

        [Fact]
        public void Prompt_above_200k_prices_the_whole_request_including_output_at_the_tier_rates()
        {
            // claude-sonnet-4-5 above 200k: input $6, output $22.50, 5m write $7.50, 1h write $12, read $0.60 per million.
            var tokens = TokenUsage.Create(input: 200_000, output: 10_000, cacheCreationInput: 20_000, cacheCreation1hInput: 5_000, cacheReadInput: 30_000);
            Assert.Equal(250_000, tokens.PromptTokens);
            var result = Calculator.Calculate("claude-sonnet-4-5", tokens, Now);
            Assert.True(result.TierApplied);
            Assert.Equal(200_000, result.Tier!.AbovePromptTokens);
            var expected = (200_000 * 6.0 + 10_000 * 22.5 + 15_000 * 7.5 + 5_000 * 12.0 + 30_000 * 0.6) / 1e6;
            AssertRelative(expected, result.CostUsd, 1e-12, "250k prompt");
        }

        [Fact]
        public void Prompt_of_150k_is_priced_entirely_at_the_base_rates()
        {
            var tokens = TokenUsage.Create(input: 100_000, output: 10_000, cacheCreationInput: 20_000, cacheCreation1hInput: 5_000, cacheReadInput: 30_000);
            Assert.Equal(150_000, tokens.PromptTokens);
            var result = Calculator.Calculate("claude-sonnet-4-5", tokens, Now);
            Assert.False(result.TierApplied);
            var expected = (100_000 * 3.0 + 10_000 * 15.0 + 15_000 * 3.75 + 5_000 * 6.0 + 30_000 * 0.3) / 1e6;
            AssertRelative(expected, result.CostUsd, 1e-12, "150k prompt");
        }

        [Fact]
        public void Prompt_of_exactly_the_threshold_stays_at_the_base_rates()
        {
            var result = Calculator.Calculate("gemini-2.5-pro", TokenUsage.Create(input: 200_000, output: 1_000), Now);
            Assert.False(result.TierApplied);
            AssertRelative((200_000 * 1.25 + 1_000 * 10.0) / 1e6, result.CostUsd, 1e-12, "200,000 exactly");
            var above = Calculator.Calculate("gemini-2.5-pro", TokenUsage.Create(input: 200_001, output: 1_000), Now);
            Assert.True(above.TierApplied);
            AssertRelative((200_001 * 2.5 + 1_000 * 15.0) / 1e6, above.CostUsd, 1e-12, "200,001");
        }

        [Fact]
        public void One_hour_cache_writes_are_priced_at_their_own_rate_not_the_five_minute_one()
        {
            // claude-opus-4-6: 5m write $6.25, 1h write $10 per million.
            var fiveMinute = Calculator.CostOf("claude-opus-4-6", TokenUsage.Create(cacheCreationInput: 1_000_000), Now);
            var oneHour = Calculator.CostOf("claude-opus-4-6", TokenUsage.Create(cacheCreationInput: 1_000_000, cacheCreation1hInput: 1_000_000), Now);
            AssertRelative(6.25, fiveMinute, 1e-12, "5m");
            AssertRelative(10.0, oneHour, 1e-12, "1h");
        }

        [Fact]
        public void Claude_model_without_a_1h_price_in_LiteLLM_uses_2x_input_Anthropics_rule()
        {
            // claude-3-5-haiku comes from an entry with input and output only ($1 / $5): 1h writes $2, 5m $1.25, reads $0.10.
            var model = ModelRegistry.LoadBuiltIn().Resolve("claude-3-5-haiku").Model!;
            var p = model.Prices[0];
            Assert.Equal(p.Input * 2, p.CacheWrite1h, 12);
            Assert.Equal(p.Input * 1.25, p.CacheWrite5m, 12);
            Assert.Equal(p.Input * 0.1, p.CacheRead, 12);
        }

        [Fact]
        public void Non_Claude_model_without_cache_prices_bills_cache_tokens_as_input()
        {
            // xAI's grok-4 entry has no cache prices: cache tokens are billed as the input they are, never as free.
            var p = ModelRegistry.LoadBuiltIn().Resolve("grok-4").Model!.Prices[0];
            Assert.Equal(p.Input, p.CacheRead);
            Assert.Equal(p.Input, p.CacheWrite5m);
            Assert.Equal(p.CacheWrite5m, p.CacheWrite1h);
        }

        [Fact]
        public void Reasoning_tokens_are_output_and_not_counted_twice()
        {
            var withReasoning = Calculator.CostOf("o3", TokenUsage.Create(input: 1000, output: 5000, reasoning: 4000), Now);
            var withoutSplit = Calculator.CostOf("o3", TokenUsage.Create(input: 1000, output: 5000), Now);
            Assert.Equal(withoutSplit, withReasoning);
        }

        [Fact]
        public void Separate_reasoning_rate_prices_only_the_reasoning_part_of_the_output()
        {
            using var temp = new TempFolder();
            File.WriteAllText(temp.File("models.json"),
                "{\"models\":[{\"id\":\"thinker\",\"provider\":\"x\",\"prices\":[{\"input\":1,\"output\":10,\"reasoning_output\":20}]}]}");
            var calc = new CostCalculator(ModelRegistry.Load(temp.File("models.json")));
            var cost = calc.CostOf("thinker", TokenUsage.Create(input: 1_000_000, output: 1_000_000, reasoning: 250_000), Now);
            AssertRelative(1 + 0.75 * 10 + 0.25 * 20, cost, 1e-12, "reasoning rate");
        }

        [Fact]
        public void Known_model_without_any_price_is_unpriced_not_zero()
        {
            using var temp = new TempFolder();
            File.WriteAllText(temp.File("models.json"), "{\"models\":[{\"id\":\"no-price-yet\",\"provider\":\"x\",\"prices\":[]}]}");
            var result = new CostCalculator(ModelRegistry.Load(temp.File("models.json"))).Calculate("no-price-yet", StandardMix, Now);
            Assert.True(result.Resolution.Found);
            Assert.False(result.Priced);
            Assert.Null(result.CostUsd);
        }

        [Fact]
        public void Price_change_dated_20260601_prices_May_at_the_old_rate_and_June_at_the_new()
        {
            using var temp = new TempFolder();
            File.WriteAllText(temp.File("models.json"),
                "{\"models\":[{\"id\":\"claude-haiku-4-5\",\"prices\":[" +
                "{\"input\":1,\"output\":5,\"cache_write_5m\":1.25,\"cache_write_1h\":2,\"cache_read\":0.1}," +
                "{\"effective_from\":\"2026-06-01\",\"input\":2,\"output\":10,\"cache_write_5m\":2.5,\"cache_write_1h\":4,\"cache_read\":0.2}]}]}");
            var registry = ModelRegistry.Load(temp.File("models.json"));
            Assert.Empty(registry.LoadWarnings);
            var calc = new CostCalculator(registry);
            var tokens = TokenUsage.Create(input: 1_000_000, output: 1_000_000);
            var may = calc.CostOf("haiku", tokens, new DateTimeOffset(2026, 5, 31, 23, 59, 59, TimeSpan.Zero));
            var june = calc.CostOf("haiku", tokens, new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero));
            var mayLocal = calc.CostOf("haiku", tokens, new DateTimeOffset(2026, 6, 1, 1, 0, 0, TimeSpan.FromHours(2)));
            AssertRelative(6, may, 1e-12, "May");
            AssertRelative(12, june, 1e-12, "June");
            AssertRelative(6, mayLocal, 1e-12, "01:00+02:00 on June 1st is still May 31st UTC");
        }

        [Fact]
        public void Set_price_with_a_date_keeps_the_past_at_the_old_rate()
        {
            using var temp = new TempFolder();
            var registry = ModelRegistry.Load(temp.File("models.json"));
            var calc = new CostCalculator(registry);
            var tokens = TokenUsage.Create(input: 1_000_000);
            var before = calc.CostOf("gpt-4o-mini", tokens, new DateTimeOffset(2026, 5, 15, 0, 0, 0, TimeSpan.Zero));
            registry.SetPrice("gpt-4o-mini", ModelPrice.Create(input: 0.3, output: 1.2, effectiveFrom: new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero)));
            Assert.Equal(before, calc.CostOf("gpt-4o-mini", tokens, new DateTimeOffset(2026, 5, 15, 0, 0, 0, TimeSpan.Zero)));
            AssertRelative(0.3, calc.CostOf("gpt-4o-mini", tokens, new DateTimeOffset(2026, 6, 15, 0, 0, 0, TimeSpan.Zero)), 1e-12, "June");
            // Saved: a fresh load sees both lists.
            Assert.Equal(2, ModelRegistry.Load(temp.File("models.json")).Resolve("gpt-4o-mini").Model!.Prices.Count);
        }
    }
}
