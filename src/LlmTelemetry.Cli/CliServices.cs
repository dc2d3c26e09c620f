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
    }
}
