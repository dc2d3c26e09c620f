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
}
