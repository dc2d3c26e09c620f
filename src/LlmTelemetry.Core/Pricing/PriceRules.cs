using System;
using System.Globalization;

namespace LlmTelemetry.Pricing
{
    /// <summary>
    /// How a price list with gaps is completed; the same rules build the shipped registry
    /// (tools/update_model_registry.py), complete a user's override and convert a LiteLLM import.
    /// <list type="bullet">
    /// <item>Cache read or 5-minute cache write missing: Claude models use Anthropic's published multipliers of the
    /// input price (0.1x and 1.25x); any other model bills those tokens as plain input, which is what a provider
    /// without a separate cache price does.</item>
    /// <item>1-hour cache write missing: 2x input for Claude (Anthropic's rule), else the 5-minute write price. The
    /// 5-minute fallback is the last resort, used only where neither LiteLLM nor the provider's rule says more.</item>
    /// <item>A tier missing input or output uses the base figure; missing cache read or 5-minute write, the base
    /// figure when one was given, else the rules above on the tier's input; missing the 1-hour write, the rules above
    /// on the tier.</item>
    /// </list>
    /// </summary>
    internal static class PriceRules
    {
        public const double AnthropicCacheReadFactor = 0.1;
        public const double AnthropicCacheWrite5mFactor = 1.25;
        public const double AnthropicCacheWrite1hFactor = 2.0;

        public static bool IsClaude(string id) => id.IndexOf("claude", StringComparison.OrdinalIgnoreCase) >= 0;

        public static void Complete(bool claude, double input, ref double? cacheRead, ref double? cacheWrite5m, ref double? cacheWrite1h)
        {
            cacheRead ??= Round(claude ? input * AnthropicCacheReadFactor : input);
            cacheWrite5m ??= Round(claude ? input * AnthropicCacheWrite5mFactor : input);
            cacheWrite1h ??= Round(claude ? input * AnthropicCacheWrite1hFactor : cacheWrite5m.Value);
        }

        /// <summary>USD per token to USD per million, rounded to 12 significant digits so 3e-06 becomes 3, not 3.0000000000000004.</summary>
        public static double PerMillion(double perToken) => Round(perToken * 1_000_000d);

        public static double Round(double value)
        {
            return double.Parse(value.ToString("G12", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        }
    }
}
