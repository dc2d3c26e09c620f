using System;
using LlmTelemetry.Records;

namespace LlmTelemetry.Pricing
{
    /// <summary>
    /// What recorders, importers, the chat client and the demo generator ask of the model registry: a call's price,
    /// a model's provider and an alias's model. One interface, so that every caller prices alike and a test can stand
    /// in for the registry in one place. <see cref="RegistryPricing"/> is the product's implementation.
    /// </summary>
    public interface ICallPricer
    {
        /// <summary>The cost in USD of a call, or null when the model has no price (never 0 for "unknown").</summary>
        double? Price(string model, TokenUsage tokens, DateTimeOffset at);

        /// <summary>The provider the registry lists for a model or alias; null when unknown.</summary>
        string? ProviderOf(string model);

        /// <summary>The canonical id of a model or alias; null when unknown.</summary>
        string? CanonicalId(string model);
    }
}
