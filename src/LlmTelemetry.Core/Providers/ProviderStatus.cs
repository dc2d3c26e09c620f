using System;
using System.Net.Http;
using LlmTelemetry.Configuration;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Providers
{
    /// <summary>Whether a provider can be called here: which key variable it reads and whether that is set (never the key itself).</summary>
    public sealed record ProviderStatus
    {
        public ProviderKind Kind { get; init; }
        public string Name { get; init; } = "";
        public string KeyVariable { get; init; } = "";
        public bool KeyRequired { get; init; }
        public bool KeySet { get; init; }
        public Uri BaseUri { get; init; } = ModelRouting.OpenAIBaseUri;

        /// <summary>True when a call would not fail for want of a key.</summary>
        public bool Available => KeySet || !KeyRequired;
    }
}
