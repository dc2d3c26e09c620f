using System;
using System.Collections.Generic;

namespace LlmTelemetry.Pricing
{
    /// <summary>USD per million tokens for one period. Every rate is filled (see <see cref="PriceRules"/> for how gaps are derived).</summary>
    public sealed record ModelPrice
    {
        /// <summary>Null: in force since forever. Otherwise from this instant (UTC) on.</summary>
        public DateTimeOffset? EffectiveFrom { get; init; }

        public double Input { get; init; }
        public double Output { get; init; }
        public double CacheWrite5m { get; init; }
        public double CacheWrite1h { get; init; }
        public double CacheRead { get; init; }

        /// <summary>A separate rate for the reasoning part of the output; null means reasoning is billed as output.</summary>
        public double? ReasoningOutput { get; init; }

        /// <summary>Long-context tiers: when the prompt exceeds a tier's threshold the whole request is billed at its rates.</summary>
        public IReadOnlyList<PriceTier> Tiers { get; init; } = Array.Empty<PriceTier>();

        /// <summary>
        /// A price list from the rates a price page shows; missing cache rates are derived as <see cref="PriceRules"/>
        /// documents (<paramref name="claudeCacheRules"/>: Anthropic's 0.1x / 1.25x / 2x of input, for a model <see cref="PriceRules.IsClaude"/> names Claude).
        /// </summary>
        public static ModelPrice Create(double input, double output, double? cacheWrite5m = null, double? cacheWrite1h = null,
            double? cacheRead = null, DateTimeOffset? effectiveFrom = null, bool claudeCacheRules = false,
            IReadOnlyList<PriceTier>? tiers = null)
        {
            PriceRules.Complete(claudeCacheRules, input, ref cacheRead, ref cacheWrite5m, ref cacheWrite1h);
            return new ModelPrice
            {
                EffectiveFrom = effectiveFrom,
                Input = input,
                Output = output,
                CacheWrite5m = cacheWrite5m!.Value,
                CacheWrite1h = cacheWrite1h!.Value,
                CacheRead = cacheRead!.Value,
                Tiers = tiers ?? Array.Empty<PriceTier>(),
            };
        }

        /// <summary>The highest tier whose threshold <paramref name="promptTokens"/> exceeds, or null for the base rates.</summary>
        public PriceTier? TierFor(long promptTokens)
        {
            PriceTier? tier = null;
            foreach (var t in Tiers)
            {
                if (promptTokens > t.AbovePromptTokens && (tier is null || t.AbovePromptTokens > tier.AbovePromptTokens)) tier = t;
            }
            return tier;
        }
    }
}
