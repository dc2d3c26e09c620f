using System;
using System.Text.RegularExpressions;

namespace LlmTelemetry.Providers
{
    /// <summary>
    /// Removes API keys from text that leaves the client (errors, records, verbose output). Providers echo keys back,
    /// whole or masked ("Incorrect API key provided: sk-proj-****abcd"), so besides the exact key anything shaped like one goes too.
    /// </summary>
    internal static class SecretScrubber
    {
        internal const string Redacted = "[redacted]";

        private static readonly Regex KeyShaped = new Regex(
            @"\b(?:sk|pk|rk)-[A-Za-z0-9_\-\*]{6,}|(?<=\bBearer\s+)[^\s""',]+|(?<=x-api-key[""']?\s*[:=]\s*[""']?)[^\s""',}]+",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        public static string Scrub(string text, string? key)
        {
            if (string.IsNullOrEmpty(text)) return text;
            if (!string.IsNullOrEmpty(key) && key!.Length >= 4)
                text = Replace(text, key, Redacted);
            return KeyShaped.Replace(text, Redacted);
        }

        public static string? ScrubOrNull(string? text, string? key) => text is null ? null : Scrub(text, key);

        private static string Replace(string text, string oldValue, string newValue)
        {
            int at = text.IndexOf(oldValue, StringComparison.Ordinal);
            if (at < 0) return text;
            return text.Replace(oldValue, newValue);
        }
    }
}
