namespace LlmTelemetry.Providers
{
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
