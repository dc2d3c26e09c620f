using System;
using LlmTelemetry.Records;

namespace LlmTelemetry.Pricing
{
    /// <summary>
    /// The registry hooks every front end passes to recorders, importers and the chat client: price a call, name a
    /// model's provider, resolve an alias. One definition, so the CLI and the cmdlets price alike.
    /// </summary>
    public sealed class RegistryPricing
    {
        private static readonly Lazy<RegistryPricing> LazyDefault = new(() => new RegistryPricing(ModelRegistry.Default));

        public RegistryPricing(ModelRegistry registry)
        {
            Registry = registry ?? throw new ArgumentNullException(nameof(registry));
            Calculator = new CostCalculator(registry);
        }

        /// <summary>Over <see cref="ModelRegistry.Default"/>: the built-ins plus the user's override file.</summary>
        public static RegistryPricing Default => LazyDefault.Value;

        public ModelRegistry Registry { get; }
        public CostCalculator Calculator { get; }

        /// <summary>The cost of a call, or null when the model has no price (never 0 for "unknown").</summary>
        public double? Price(string model, TokenUsage tokens, DateTimeOffset at) => Calculator.CostOf(model, tokens, at);

        /// <summary>The provider the registry lists for a model or alias; null when unknown.</summary>
        public string? ProviderOf(string model) => Registry.Resolve(model).Model?.Provider;

        /// <summary>The canonical id of a model or alias; null when unknown.</summary>
        public string? CanonicalId(string model) => Registry.Resolve(model).Model?.Id;
    }
}
