using System;
using System.Collections.Generic;
using System.Net.Http;

namespace LlmTelemetry.Providers
{
    /// <summary>Settings of one <see cref="OpenAIProvider"/>. A class, not a record, so that ToString never prints the key.</summary>
    internal sealed class OpenAIProviderOptions
    {
        /// <summary>OpenAI, OpenRouter or OpenAICompatible; decides the name recorded, the token parameter and whether a key is sent.</summary>
        public ProviderKind Kind { get; init; } = ProviderKind.OpenAI;

        /// <summary>Sent as a Bearer token when set; local servers usually need none.</summary>
        public string? ApiKey { get; init; }

        /// <summary>The API root including its version segment (…/v1/); chat/completions or responses is appended.</summary>
        public Uri? BaseUri { get; init; }

        public OpenAIApi Api { get; init; } = OpenAIApi.ChatCompletions;

        /// <summary>Asks for usage in the last streamed chunk (stream_options.include_usage); a server that rejects it can be told not to.</summary>
        public bool IncludeStreamUsage { get; init; } = true;

        /// <summary>Extra request headers, e.g. OpenRouter's HTTP-Referer and X-Title.</summary>
        public IReadOnlyDictionary<string, string>? Headers { get; init; }
    }
}
