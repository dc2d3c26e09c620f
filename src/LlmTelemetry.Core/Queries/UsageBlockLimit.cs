namespace LlmTelemetry.Queries
{
    /// <summary>A block's use of a token limit (ccusage's % column and, for the active block, its tokenLimitStatus).</summary>
    public sealed class UsageBlockLimit
    {
        /// <summary>ccusage warns above 80 % of the limit.</summary>
        internal const double WarningShare = 0.8;

        internal UsageBlockLimit(long limit, long used, long? projected)
        {
            Limit = limit;
            Used = used;
            Projected = projected;
            long measured = projected ?? used;
            Status = measured > limit ? "exceeds" : measured > limit * WarningShare ? "warning" : "ok";
        }

        public long Limit { get; }

        /// <summary>The block's total tokens.</summary>
        public long Used { get; }

        public double Percent => (double)Used / Limit * 100;

        /// <summary>The projected total at the block's end; null unless the block is active and has a projection.</summary>
        public long? Projected { get; }

        public double? ProjectedPercent => Projected is long p ? (double)p / Limit * 100 : (double?)null;

        /// <summary>"ok", "warning" (above 80 %) or "exceeds", of the projection when there is one (as ccusage), else of the use.</summary>
        public string Status { get; }
    }
}
