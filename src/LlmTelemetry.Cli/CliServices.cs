using System;
using LlmTelemetry.Pricing;

namespace LlmTelemetry.Cli
{
    /// <summary>The registry the commands share, loaded once per process and only when a command needs it.</summary>
    internal static class CliServices
    {
        private static readonly Lazy<RegistryPricing> LazyPricing = new(() =>
        {
            var pricing = RegistryPricing.Default;
            // A broken override file leaves the built-ins working; say so once, on standard error.
            foreach (var warning in pricing.Registry.LoadWarnings) Output.Human.Error("warning: " + warning);
            return pricing;
        });

        public static RegistryPricing Pricing => LazyPricing.Value;

        public static ModelRegistry Registry => Pricing.Registry;

        /// <summary>
        /// <see cref="Pricing"/>, loaded on the first price asked for: an import that finds nothing new (the usual run
        /// from a scheduled task or a status line) prices nothing, and loading the registry was a tenth of its time.
        /// </summary>
        public static ICallPricer PricingWhenNeeded { get; } = new OnFirstUse();

        private sealed class OnFirstUse : ICallPricer
        {
            public double? Price(string model, Records.TokenUsage tokens, DateTimeOffset at) => Pricing.Price(model, tokens, at);

            public string? ProviderOf(string model) => Pricing.ProviderOf(model);

            public string? CanonicalId(string model) => Pricing.CanonicalId(model);
        }
    }
}
