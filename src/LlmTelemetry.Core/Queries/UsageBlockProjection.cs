namespace LlmTelemetry.Queries
{
    /// <summary>The active block at its end if it goes on at its <see cref="UsageBlockBurnRate"/> (ccusage's projection, not rounded).</summary>
    public sealed class UsageBlockProjection
    {
        internal UsageBlockProjection(long totalTokens, double costUsd, double remainingMinutes)
        {
            TotalTokens = totalTokens;
            CostUsd = costUsd;
            RemainingMinutes = remainingMinutes;
        }

        /// <summary>Tokens at the block's end: its total now plus the rate times the minutes left, rounded to a whole token.</summary>
        public long TotalTokens { get; }

        public double CostUsd { get; }

        /// <summary>Minutes from now to the block's end (0 when it has passed).</summary>
        public double RemainingMinutes { get; }
    }
}
