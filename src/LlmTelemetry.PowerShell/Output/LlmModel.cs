using System;
using System.Linq;
using LlmTelemetry.Pricing;

namespace LlmTelemetry
{
    /// <summary>
    /// One model of the registry as Get-LlmModel writes it: flat, with the price list in force now (USD per million
    /// tokens) and its first long-context tier, so Export-Csv writes one useful row per model. Rates are null for a
    /// model without a price (never 0 for "unknown").
    /// </summary>
    public sealed class LlmModel
    {
        internal LlmModel(ModelInfo model, DateTimeOffset now)
        {
            Id = model.Id;
            Provider = model.Provider;
            Aliases = string.Join(", ", model.Aliases);
            ContextWindow = model.ContextWindow;
            MaxOutputTokens = model.MaxOutputTokens;
            SupportsVision = model.SupportsVision;
            SupportsTools = model.SupportsTools;
            SupportsReasoning = model.SupportsReasoning;
            SupportsPromptCaching = model.SupportsPromptCaching;
            PriceCount = model.Prices.Count;
            Origin = model.Origin;
            var price = model.PriceAt(now);
            if (price is null) return;
            InputPerMillion = price.Input;
            OutputPerMillion = price.Output;
            CacheWrite5mPerMillion = price.CacheWrite5m;
            CacheWrite1hPerMillion = price.CacheWrite1h;
            CacheReadPerMillion = price.CacheRead;
            PriceEffectiveFrom = price.EffectiveFrom?.UtcDateTime;
            var tier = price.Tiers.OrderBy(t => t.AbovePromptTokens).FirstOrDefault();
            if (tier is null) return;
            LongContextThreshold = tier.AbovePromptTokens;
            LongContextInputPerMillion = tier.Input;
            LongContextOutputPerMillion = tier.Output;
            LongContextCacheWrite5mPerMillion = tier.CacheWrite5m;
            LongContextCacheWrite1hPerMillion = tier.CacheWrite1h;
            LongContextCacheReadPerMillion = tier.CacheRead;
        }

        public string Id { get; }
        public string Provider { get; }

        /// <summary>Other names the model resolves from, joined with ", ".</summary>
        public string Aliases { get; }

        public int? ContextWindow { get; }
        public int? MaxOutputTokens { get; }
        public bool SupportsVision { get; }
        public bool SupportsTools { get; }
        public bool SupportsReasoning { get; }
        public bool SupportsPromptCaching { get; }

        /// <summary>USD per million input tokens in force now; null when the model has no price.</summary>
        public double? InputPerMillion { get; }

        public double? OutputPerMillion { get; }
        public double? CacheWrite5mPerMillion { get; }
        public double? CacheWrite1hPerMillion { get; }
        public double? CacheReadPerMillion { get; }

        /// <summary>Prompt tokens (input + cache writes + reads) above which the whole request is billed at the long-context rates.</summary>
        public long? LongContextThreshold { get; }

        public double? LongContextInputPerMillion { get; }
        public double? LongContextOutputPerMillion { get; }
        public double? LongContextCacheWrite5mPerMillion { get; }
        public double? LongContextCacheWrite1hPerMillion { get; }
        public double? LongContextCacheReadPerMillion { get; }

        /// <summary>When the price in force took effect (UTC); null for a price in force since forever.</summary>
        public DateTime? PriceEffectiveFrom { get; }

        /// <summary>How many dated price lists the model has (older ones still price older calls).</summary>
        public int PriceCount { get; }

        /// <summary>built-in or override (the user's model file).</summary>
        public string Origin { get; }

        public override string ToString() => Id;
    }
}
