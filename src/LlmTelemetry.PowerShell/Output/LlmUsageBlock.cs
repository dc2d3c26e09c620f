using System;
using LlmTelemetry.Output;
using LlmTelemetry.Queries;

namespace LlmTelemetry
{
    /// <summary>
    /// One usage block from Get-LlmUsageBlock, flat for Export-Csv: its times in the query's zone and in UTC, its sums,
    /// and (active block only) the burn rate and projection; the token limit's columns when -TokenLimit was given.
    /// </summary>
    public sealed class LlmUsageBlock
    {
        internal LlmUsageBlock(UsageBlock b, TimeZoneInfo zone)
        {
            Start = LocalTime.In(b.Start, zone);
            End = LocalTime.In(b.End, zone);
            LastCall = LocalTime.In(b.ActualEnd, zone);
            StartUtc = b.Start.UtcDateTime;
            EndUtc = b.End.UtcDateTime;
            IsActive = b.IsActive;
            Calls = b.Calls;
            InputTokens = b.InputTokens;
            OutputTokens = b.OutputTokens;
            CacheCreationInputTokens = b.CacheCreationInputTokens;
            CacheReadInputTokens = b.CacheReadInputTokens;
            TotalTokens = b.TotalTokens;
            CostUsd = b.CostUsd;
            Models = string.Join(", ", b.Models);
            TokensPerMinute = b.BurnRate?.TokensPerMinute;
            CostPerMinute = b.BurnRate?.CostPerMinute;
            CostPerHour = b.BurnRate?.CostPerHour;
            ProjectedTotalTokens = b.Projection?.TotalTokens;
            ProjectedCostUsd = b.Projection?.CostUsd;
            RemainingMinutes = b.Projection?.RemainingMinutes;
            TokenLimit = b.Limit?.Limit;
            LimitPercent = b.Limit?.Percent;
            ProjectedLimitPercent = b.Limit?.ProjectedPercent;
            LimitStatus = b.Limit?.Status;
        }

        public DateTime Start { get; }
        public DateTime End { get; }
        public DateTime LastCall { get; }
        public DateTime StartUtc { get; }
        public DateTime EndUtc { get; }
        public bool IsActive { get; }
        public long Calls { get; }
        public long InputTokens { get; }
        public long OutputTokens { get; }
        public long CacheCreationInputTokens { get; }
        public long CacheReadInputTokens { get; }

        /// <summary>Input, output, cache creation and cache read tokens (ccusage's totalTokens).</summary>
        public long TotalTokens { get; }

        public double CostUsd { get; }

        /// <summary>The models in the order of their first call, joined with ", ".</summary>
        public string Models { get; }

        public double? TokensPerMinute { get; }
        public double? CostPerMinute { get; }
        public double? CostPerHour { get; }
        public long? ProjectedTotalTokens { get; }
        public double? ProjectedCostUsd { get; }
        public double? RemainingMinutes { get; }
        public long? TokenLimit { get; }
        public double? LimitPercent { get; }
        public double? ProjectedLimitPercent { get; }

        /// <summary>ok, warning (above 80 %) or exceeds; of the projection for the active block.</summary>
        public string? LimitStatus { get; }

        public override string ToString() => StartUtc.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture) + "Z";
    }
}
