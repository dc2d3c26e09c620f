using System;
using System.Globalization;
using LlmTelemetry.Records;

namespace LlmTelemetry.Providers
{
    /// <summary>A provider call that failed. The message and <see cref="ProviderError"/> are scrubbed of the API key.</summary>
    public sealed class ProviderException : TelemetryException
    {
        public ProviderException(string provider, ProviderErrorKind kind, string message, int? statusCode = null,
            string? providerError = null, bool isRetryable = false, TimeSpan? retryAfter = null, Exception? inner = null)
            : base(TelemetryErrorCode.ProviderError, message, inner: inner)
        {
            Provider = provider;
            Kind = kind;
            StatusCode = statusCode;
            ProviderError = providerError;
            IsRetryable = isRetryable;
            RetryAfter = retryAfter;
        }

        /// <summary>anthropic, openai, openrouter or openai-compatible.</summary>
        public string Provider { get; }

        public ProviderErrorKind Kind { get; }

        /// <summary>The HTTP status, when the provider answered.</summary>
        public int? StatusCode { get; }

        /// <summary>The provider's own error text (type and message from its error body, or the start of the body).</summary>
        public string? ProviderError { get; }

        public bool IsRetryable { get; }

        /// <summary>The wait the provider asked for (Retry-After, retry-after-ms).</summary>
        public TimeSpan? RetryAfter { get; }

        /// <summary>The short form stored in a record's metadata.error.</summary>
        internal string RecordError => Kind switch
        {
            ProviderErrorKind.Http => "http " + (StatusCode ?? 0).ToString(CultureInfo.InvariantCulture) + ": " + Message,
            ProviderErrorKind.Timeout => "timeout: " + Message,
            ProviderErrorKind.Network => "network: " + Message,
            ProviderErrorKind.InvalidResponse => "invalid response: " + Message,
            ProviderErrorKind.MissingKey => "missing key: " + Message,
            _ => "invalid request: " + Message,
        };
    }
}
