using System;
using System.Globalization;
using System.Linq;
using System.Net.Http;

namespace LlmTelemetry.Providers
{
    internal static class RetryPolicy
    {
        private static readonly object RandomLock = new object();
        private static readonly Random Random = new Random();

        /// <summary>408 timeout, 409 lock conflict, 429 rate limit, 5xx (529 is Anthropic's "overloaded").</summary>
        public static bool IsRetryableStatus(int status) => status == 408 || status == 409 || status == 429 || status >= 500;

        /// <summary>Full jitter: a uniformly random wait in [0, min(max, base × 2^(retry-1))].</summary>
        public static TimeSpan Backoff(RetryOptions options, int retry)
        {
            double ceiling = options.BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, retry - 1));
            ceiling = Math.Min(ceiling, options.MaxDelay.TotalMilliseconds);
            double r;
            lock (RandomLock) r = Random.NextDouble();
            return TimeSpan.FromMilliseconds(ceiling * r);
        }

        /// <summary>retry-after-ms (Anthropic and OpenAI send it), else Retry-After as seconds or an HTTP date.</summary>
        public static TimeSpan? ParseRetryAfter(HttpResponseMessage response, DateTimeOffset now)
        {
            if (response.Headers.TryGetValues("retry-after-ms", out var msValues)
                && double.TryParse(msValues.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out double ms) && ms >= 0)
                return TimeSpan.FromMilliseconds(ms);
            if (response.Headers.TryGetValues("Retry-After", out var values))
                return ParseRetryAfter(values.FirstOrDefault(), now);
            return null;
        }

        public static TimeSpan? ParseRetryAfter(string? value, DateTimeOffset now)
        {
            if (string.IsNullOrWhiteSpace(value)) return null;
            value = value!.Trim();
            if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds))
                return seconds >= 0 ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
            if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at)
                || DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out at))
            {
                var wait = at - now;
                return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
            }
            return null;
        }

    }
}
