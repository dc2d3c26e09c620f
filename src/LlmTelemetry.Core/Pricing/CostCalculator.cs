using System;
using LlmTelemetry.Records;

namespace LlmTelemetry.Pricing
{
    /// <summary>
    /// Prices token usage with a <see cref="ModelRegistry"/>. Input, output, 5-minute and 1-hour cache writes and cache
    /// reads each at their own rate; reasoning is part of output (billed once, at the reasoning rate when the model has
    /// one). When the prompt (input + cache writes + cache reads) exceeds a tier's threshold, every part of the call,
    /// output included, is billed at that tier's rates.
    /// </summary>
    public sealed class CostCalculator
    {
        private const double PerMillion = 1_000_000d;

        public CostCalculator(ModelRegistry registry)
        {
            Registry = registry ?? throw new ArgumentNullException(nameof(registry));
        }

        public ModelRegistry Registry { get; }

        public CostResult Calculate(string? model, TokenUsage tokens, DateTimeOffset timestamp)
        {
            if (tokens is null) throw new ArgumentNullException(nameof(tokens));
            var resolution = Registry.Resolve(model);
            var price = resolution.Model?.PriceAt(timestamp);
            if (price is null) return new CostResult { Resolution = resolution };

            var tier = price.TierFor(tokens.PromptTokens);
            double input = tier?.Input ?? price.Input;
            double output = tier?.Output ?? price.Output;
            double write5m = tier?.CacheWrite5m ?? price.CacheWrite5m;
            double write1h = tier?.CacheWrite1h ?? price.CacheWrite1h;
            double read = tier?.CacheRead ?? price.CacheRead;

            long oneHour = Clamp(tokens.CacheCreation1hInput, tokens.CacheCreationInput);
            long fiveMinute = Math.Max(0, tokens.CacheCreationInput - oneHour);
            // LiteLLM has no long-context reasoning rate, so inside a tier reasoning is billed at the tier's output rate.
            long reasoning = tier is null && price.ReasoningOutput.HasValue ? Clamp(tokens.Reasoning, tokens.Output) : 0;

            double usd = (tokens.Input * input
                          + (tokens.Output - reasoning) * output
                          + reasoning * (price.ReasoningOutput ?? output)
                          + fiveMinute * write5m
                          + oneHour * write1h
                          + tokens.CacheReadInput * read) / PerMillion;
            return new CostResult { CostUsd = usd, Resolution = resolution, Price = price, Tier = tier };
        }

        /// <summary>The cost in USD, or null when the model is not priced.</summary>
        public double? CostOf(string? model, TokenUsage tokens, DateTimeOffset timestamp) => Calculate(model, tokens, timestamp).CostUsd;

        private static long Clamp(long part, long whole) => Math.Max(0, Math.Min(part, whole));
    }
}
