using System;
using LlmTelemetry.Pricing;
using LlmTelemetry.Records;

namespace LlmTelemetry.Cli
{
    /// <summary>Core services the commands share, created once per process and only when a command needs them.</summary>
    internal static class CliServices
    {
        private static readonly Lazy<ModelRegistry> LazyRegistry = new(() =>
        {
            var registry = ModelRegistry.Default;
            // A broken override file leaves the built-ins working; say so once, on standard error.
            foreach (var warning in registry.LoadWarnings) Console.Error.WriteLine("warning: " + warning);
            return registry;
        });

        private static readonly Lazy<CostCalculator> LazyCalculator = new(() => new CostCalculator(Registry));

        public static ModelRegistry Registry => LazyRegistry.Value;

        public static CostCalculator Calculator => LazyCalculator.Value;

        /// <summary>Prices a call from the model registry; null when the model has no price.</summary>
        public static double? Price(string model, TokenUsage tokens, DateTimeOffset at) => Calculator.CostOf(model, tokens, at);

        /// <summary>The provider the registry lists for a model or alias; null when unknown.</summary>
        public static string? ProviderOf(string model) => Registry.Resolve(model).Model?.Provider;
    }
}
