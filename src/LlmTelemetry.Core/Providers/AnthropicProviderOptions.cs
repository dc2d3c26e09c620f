using System;
using System.Net.Http;

namespace LlmTelemetry.Providers
{
    /// <summary>Settings of one <see cref="AnthropicProvider"/>. A class, not a record, so that ToString never prints the key.</summary>
    internal sealed class AnthropicProviderOptions
    {
        public string ApiKey { get; init; } = "";

        /// <summary>The API root; /v1/messages is appended.</summary>
        public Uri BaseUri { get; init; } = ModelRouting.AnthropicBaseUri;

        public string Version { get; init; } = "2023-06-01";

        /// <summary>Anthropic requires max_tokens; used when the request has none.</summary>
        public int DefaultMaxTokens { get; init; } = 4096;
    }
}
