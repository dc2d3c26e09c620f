using System;
using System.Text.RegularExpressions;

namespace LlmTelemetry.Providers
{
    /// <summary>
    /// The smallest prompt prefix Anthropic will cache, per model. A shorter prefix marked with cache_control is
    /// silently not cached, so the automatic marker is added only above the minimum. Table as Anthropic documents it
    /// (late 2025 / early 2026): Opus 4.5+ and Haiku 4.5+ 4096; Sonnet 4.6 2048; older Haiku 2048; other Sonnet/Opus 1024.
    /// Newer models we do not know keep their family's latest minimum: a marker on a too-short prompt costs nothing.
    /// </summary>
    internal static class AnthropicCaching
    {
        private static readonly Regex FamilyVersion = new Regex(@"(opus|sonnet|haiku)-(\d{1,2})(?:[-.](\d{1,2}))?(?!\d)", RegexOptions.CultureInvariant);
        private static readonly Regex LegacyVersion = new Regex(@"claude-(\d+)(?:-(\d))?-(opus|sonnet|haiku)", RegexOptions.CultureInvariant);

        public static int MinimumCacheableTokens(string model)
        {
            string m = (model ?? "").ToLowerInvariant();
            string? family = null;
            int major = 0, minor = 0;
            var match = FamilyVersion.Match(m);
            if (match.Success)
            {
                family = match.Groups[1].Value;
                major = int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture);
                // "claude-sonnet-4-20250514" has no minor; an 8-digit date never matches the 1-2 digit group.
                minor = match.Groups[3].Success ? int.Parse(match.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
            }
            else if ((match = LegacyVersion.Match(m)).Success)
            {
                // claude-3-5-haiku, claude-3-opus: the 3.x generation.
                family = match.Groups[3].Value;
                major = int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
                minor = match.Groups[2].Success ? int.Parse(match.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
            }
            else if (m.Contains("haiku")) family = "haiku";

            bool atLeast45 = major > 4 || (major == 4 && minor >= 5);
            switch (family)
            {
                case "haiku": return atLeast45 ? 4096 : 2048;
                case "opus": return atLeast45 ? 4096 : 1024;
                case "sonnet": return major > 4 || (major == 4 && minor >= 6) ? 2048 : 1024;
                default: return 1024;
            }
        }

        public static bool ShouldCache(string model, string systemPrompt, bool? requested)
        {
            if (string.IsNullOrEmpty(systemPrompt)) return false;
            if (requested.HasValue) return requested.Value;
            return Pricing.TokenEstimator.EstimateTokens(systemPrompt, model) >= MinimumCacheableTokens(model);
        }
    }
}
