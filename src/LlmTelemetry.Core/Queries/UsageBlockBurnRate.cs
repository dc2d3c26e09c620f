namespace LlmTelemetry.Queries
{
    /// <summary>
    /// How fast the active block is spending, as ccusage measures it: its totals over the minutes from its first call
    /// to its last (not to now), so a pause does not lower the rate.
    /// </summary>
    public sealed class UsageBlockBurnRate
    {
        internal UsageBlockBurnRate(double tokensPerMinute, double inputOutputTokensPerMinute, double costPerMinute)
        {
            TokensPerMinute = tokensPerMinute;
            InputOutputTokensPerMinute = inputOutputTokensPerMinute;
            CostPerMinute = costPerMinute;
        }

        /// <summary>Total tokens (cache reads and writes included) per minute: ccusage's tokensPerMinute.</summary>
        public double TokensPerMinute { get; }

        /// <summary>Input and output tokens only per minute: ccusage's tokensPerMinuteForIndicator.</summary>
        public double InputOutputTokensPerMinute { get; }

        public double CostPerMinute { get; }

        /// <summary>ccusage's costPerHour.</summary>
        public double CostPerHour => CostPerMinute * 60;
    }
}
