using System;
using System.Collections.Generic;
using System.Linq;

namespace LlmTelemetry.Pricing
{
    /// <summary>One model the registry knows: identity, limits, capabilities and its price lists.</summary>
    public sealed record ModelInfo
    {
        public string Id { get; init; } = "";
        public string Provider { get; init; } = "";
        public IReadOnlyList<string> Aliases { get; init; } = Array.Empty<string>();
        public int? ContextWindow { get; init; }
        public int? MaxOutputTokens { get; init; }
        public bool SupportsVision { get; init; }
        public bool SupportsTools { get; init; }
        public bool SupportsReasoning { get; init; }
        public bool SupportsPromptCaching { get; init; }

        /// <summary>One or more price lists; a record is priced by the list in force at its timestamp (see <see cref="PriceAt"/>).</summary>
        public IReadOnlyList<ModelPrice> Prices { get; init; } = Array.Empty<ModelPrice>();

        /// <summary>The LiteLLM keys this entry was built from (the first is the one its figures come from).</summary>
        public IReadOnlyList<string> LiteLlmKeys { get; init; } = Array.Empty<string>();

        /// <summary>"built-in" or "override": where the entry in force came from.</summary>
        public string Origin { get; init; } = ModelOrigins.BuiltIn;

        /// <summary>Known errors in the LiteLLM figures that the built-in list corrects; kept so an import does not bring them back.</summary>
        internal IReadOnlyList<PriceCorrection> Corrections { get; init; } = Array.Empty<PriceCorrection>();

        public bool IsPriced => Prices.Count > 0;

        /// <summary>
        /// The list in force at <paramref name="timestamp"/>: the latest one whose EffectiveFrom is at or before it
        /// (an undated list counts as in force since forever). A record older than every dated list is priced by
        /// the oldest list, because that is the best figure known for it; null only when the model has no prices.
        /// </summary>
        public ModelPrice? PriceAt(DateTimeOffset timestamp)
        {
            ModelPrice? best = null;
            foreach (var p in Prices)
            {
                if (p.EffectiveFrom is { } from && from > timestamp) continue;
                if (best is null || Compare(p.EffectiveFrom, best.EffectiveFrom) > 0) best = p;
            }
            return best ?? Prices.OrderBy(p => p.EffectiveFrom ?? DateTimeOffset.MinValue).FirstOrDefault();
        }

        private static int Compare(DateTimeOffset? a, DateTimeOffset? b)
        {
            return (a ?? DateTimeOffset.MinValue).CompareTo(b ?? DateTimeOffset.MinValue);
        }
    }

    public static class ModelOrigins
    {
        public const string BuiltIn = "built-in";
        public const string Override = "override";
    }

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

    /// <summary>The rates of a whole request whose prompt (input + cache writes + cache reads) is above <see cref="AbovePromptTokens"/>.</summary>
    public sealed record PriceTier
    {
        public long AbovePromptTokens { get; init; }
        public double Input { get; init; }
        public double Output { get; init; }
        public double CacheWrite5m { get; init; }
        public double CacheWrite1h { get; init; }
        public double CacheRead { get; init; }
    }

    internal sealed record PriceCorrection(string Field, double LiteLlm, double Used, string Reason);
}
