using System;

namespace LlmTelemetry.Providers
{
    /// <summary>
    /// Exponential backoff with full jitter (a random wait between 0 and min(MaxDelay, BaseDelay × 2^(n-1)))
    /// on 408, 409, 429, 5xx, 529 and connection failures; a Retry-After the provider sends is honoured instead.
    /// </summary>
    public sealed record RetryOptions
    {
        public static readonly RetryOptions Default = new RetryOptions();

        /// <summary>All attempts, the first included; 1 turns retrying off.</summary>
        public int MaxAttempts { get; init; } = 4;

        public TimeSpan BaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);
        public TimeSpan MaxDelay { get; init; } = TimeSpan.FromSeconds(20);

        /// <summary>No attempt starts (and no wait is begun) that would end after this much time from the start of the call.</summary>
        public TimeSpan MaxTotalTime { get; init; } = TimeSpan.FromMinutes(2);

        /// <summary>A longer Retry-After than this ends the call instead of waiting.</summary>
        public TimeSpan MaxRetryAfter { get; init; } = TimeSpan.FromSeconds(60);
    }
}
