namespace LlmTelemetry.Providers
{
    /// <summary>The wire protocols the client speaks. OpenRouter and local servers speak OpenAI's, with their own base URI and key.</summary>
    public enum ProviderKind
    {
        Anthropic,
        OpenAI,
        OpenRouter,
        OpenAICompatible,
    }

    /// <summary>Which OpenAI endpoint an OpenAI-style provider calls.</summary>
    public enum OpenAIApi
    {
        /// <summary>POST /chat/completions: what OpenRouter and every OpenAI-compatible server implement.</summary>
        ChatCompletions,

        /// <summary>POST /responses: OpenAI only.</summary>
        Responses,
    }

    /// <summary>How long Anthropic keeps a cached prompt prefix; the 1-hour lifetime costs more to write.</summary>
    public enum CacheLifetime
    {
        FiveMinutes,
        OneHour,
    }

    /// <summary>What failed, so callers (and the retry loop) can branch without parsing messages.</summary>
    public enum ProviderErrorKind
    {
        /// <summary>The provider answered with an HTTP error status.</summary>
        Http,

        /// <summary>The provider could not be reached, or the connection broke.</summary>
        Network,

        /// <summary>The call did not finish within its timeout.</summary>
        Timeout,

        /// <summary>The provider answered 2xx with a body we cannot read.</summary>
        InvalidResponse,

        /// <summary>The API key's environment variable is not set.</summary>
        MissingKey,

        /// <summary>The request cannot be sent as given (unknown model, unsupported option).</summary>
        InvalidRequest,
    }
}
