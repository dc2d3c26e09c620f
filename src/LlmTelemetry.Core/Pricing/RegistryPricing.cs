using System;
using LlmTelemetry.Records;

namespace LlmTelemetry.Pricing
{
    /// <summary>
    /// The model registry as a <see cref="ICallPricer"/>: what every front end passes to recorders, importers and the
    /// chat client, so the CLI and the cmdlets price alike.
    /// </summary>
    public sealed class RegistryPricing : ICallPricer
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

        /// <inheritdoc />
        public double? Price(string model, TokenUsage tokens, DateTimeOffset at) => Calculator.CostOf(model, tokens, at);

        /// <inheritdoc />
        public string? ProviderOf(string model) => Registry.Resolve(model).Model?.Provider;

        /// <inheritdoc />
        public string? CanonicalId(string model) => Registry.Resolve(model).Model?.Id;
    }
}
