using System;
using LlmTelemetry.Pricing;
using LlmTelemetry.Records;

namespace LlmTelemetry.Tests.Support
{
    /// <summary>A registry stand-in made of the answers a test wants: a price, a provider, an alias's model.</summary>
    internal sealed class TestPricer : ICallPricer
    {
        private readonly Func<string, TokenUsage, DateTimeOffset, double?>? _price;
        private readonly Func<string, string?>? _providerOf;
        private readonly Func<string, string?>? _canonicalId;

        public TestPricer(Func<string, TokenUsage, DateTimeOffset, double?>? price = null, Func<string, string?>? providerOf = null,
            Func<string, string?>? canonicalId = null)
        {
            _price = price;
            _providerOf = providerOf;
            _canonicalId = canonicalId;
        }

        public double? Price(string model, TokenUsage tokens, DateTimeOffset at) => _price?.Invoke(model, tokens, at);

        public string? ProviderOf(string model) => _providerOf?.Invoke(model);

        public string? CanonicalId(string model) => _canonicalId?.Invoke(model);
    }
}
