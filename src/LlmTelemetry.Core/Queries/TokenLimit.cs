using System;
using System.Globalization;
using LlmTelemetry.Records;

namespace LlmTelemetry.Queries
{
    /// <summary>
    /// The token limit blocks are measured against: a number, or the largest total of any finished block (ccusage's
    /// <c>--token-limit max</c>).
    /// </summary>
    public sealed class TokenLimit
    {
        private TokenLimit(long? tokens) => Tokens = tokens;

        /// <summary>The limit in tokens; null for <see cref="Max"/>, which is found from the blocks.</summary>
        public long? Tokens { get; }

        /// <summary>The largest total_tokens of the blocks that are not active.</summary>
        public static TokenLimit Max { get; } = new TokenLimit(null);

        public bool IsMax => Tokens is null;

        public static TokenLimit Of(long tokens)
            => tokens > 0 ? new TokenLimit(tokens) : throw new TelemetryValidationException("token_limit", tokens.ToString(CultureInfo.InvariantCulture), "must be a whole number of tokens above 0, or max");

        /// <summary>"max" (any case) or a whole number above 0; anything else names <paramref name="field"/> in the error.</summary>
        public static TokenLimit Parse(string text, string field = "token_limit")
        {
            if (text is null) throw new ArgumentNullException(nameof(text));
            var t = text.Trim();
            if (string.Equals(t, "max", StringComparison.OrdinalIgnoreCase)) return Max;
            if (long.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out long n) && n > 0) return new TokenLimit(n);
            throw new TelemetryValidationException(field, text, "must be a whole number of tokens above 0, or max");
        }

        public override string ToString() => Tokens?.ToString(CultureInfo.InvariantCulture) ?? "max";
    }
}
