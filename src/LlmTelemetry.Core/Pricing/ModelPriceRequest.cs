using System;

namespace LlmTelemetry.Pricing
{
    /// <summary>
    /// A price to set for one model, as a user gives it (Set-LlmModelPrice): rates in USD per million tokens, the cache
    /// rates optional (derived by <see cref="PriceRules"/>), and the provider and context window for a model the registry
    /// does not know yet. <see cref="ModelRegistry.PlanPrice"/> decides what it means; <see cref="ModelRegistry.SavePrice"/> saves it.
    /// </summary>
    public sealed record ModelPriceRequest
    {
        /// <summary>Model id or alias; a name the registry cannot resolve adds a model with that id.</summary>
        public string Model { get; init; } = "";

        public double InputPerMillion { get; init; }
        public double OutputPerMillion { get; init; }
        public double? CacheWrite5mPerMillion { get; init; }
        public double? CacheWrite1hPerMillion { get; init; }
        public double? CacheReadPerMillion { get; init; }

        /// <summary>From when the price applies (UTC); null: always. Replaces the model's list with the same date.</summary>
        public DateTimeOffset? EffectiveFrom { get; init; }

        /// <summary>Required for a new model; for a known one, a different value moves the model to that provider.</summary>
        public string? Provider { get; init; }

        public int? ContextWindow { get; init; }
    }
}
