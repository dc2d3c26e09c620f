using System;

namespace LlmTelemetry.Pricing
{
    /// <summary>The cost of one call and how it was reached.</summary>
    public sealed record CostResult
    {
        /// <summary>USD; null when the model is unknown or has no price (never 0 for "unknown").</summary>
        public double? CostUsd { get; init; }

        public bool Priced => CostUsd.HasValue;
        public ModelResolution Resolution { get; init; } = new ModelResolution();

        /// <summary>The price list in force at the call's timestamp.</summary>
        public ModelPrice? Price { get; init; }

        /// <summary>The long-context tier the whole call was billed at, when its prompt exceeded one.</summary>
        public PriceTier? Tier { get; init; }

        public bool TierApplied => Tier != null;
    }
}
