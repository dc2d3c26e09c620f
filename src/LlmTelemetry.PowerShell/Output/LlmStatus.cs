using System;
using LlmTelemetry.Status;

namespace LlmTelemetry
{
    /// <summary>
    /// Get-LlmStatus' answer: the session's tokens and cost, today's cost and the colour level. ToString() is seed 003's
    /// line, so <c>"$(Get-LlmStatus)"</c> in a prompt is "Tokens: 1,234 | Cost: $0.12 | Session: $1.45".
    /// </summary>
    public sealed class LlmStatus
    {
        private readonly TelemetryStatus _status;

        internal LlmStatus(TelemetryStatus status, TimeZoneInfo zone)
        {
            _status = status;
            Session = status.SessionId;
            SessionCalls = status.SessionCalls;
            SessionTokens = status.SessionTokens;
            SessionCostUsd = status.SessionCostUsd;
            Today = status.Today;
            TodayCalls = status.TodayCalls;
            TodayTokens = status.TodayTokens;
            TodayCostUsd = status.TodayCostUsd;
            TodayUnpricedCalls = status.TodayUnpricedCalls;
            Level = status.Level.ToString();
            if (status.ActiveBlock is { } block)
            {
                BlockStart = TimeZoneInfo.ConvertTime(block.Start, zone).DateTime;
                BlockEnd = TimeZoneInfo.ConvertTime(block.End, zone).DateTime;
                BlockTokens = block.TotalTokens;
                BlockCostUsd = block.CostUsd;
            }
            // The budget nearest its limit, as the line shows it ("day-cap 85% of $10.00"): one CSV cell.
            var nearest = status.NearestBudget;
            Budget = nearest is null ? null : nearest.Budget.Name + " " + TelemetryStatus.ShareOf(nearest);
            BudgetPercent = nearest?.Percent;
        }

        public string? Session { get; }
        public long SessionCalls { get; }
        public long SessionTokens { get; }
        public double SessionCostUsd { get; }
        public DateTime Today { get; }
        public long TodayCalls { get; }
        public long TodayTokens { get; }
        public double TodayCostUsd { get; }
        public long TodayUnpricedCalls { get; }

        /// <summary>Green, Yellow or Red: the session's cost against the thresholds.</summary>
        public string Level { get; }

        /// <summary>The 5-hour block running now (Get-LlmUsageBlock -Active has the rest), local time; null when none is.</summary>
        public DateTime? BlockStart { get; }
        public DateTime? BlockEnd { get; }
        public long? BlockTokens { get; }
        public double? BlockCostUsd { get; }

        /// <summary>The budget nearest its limit ("day-cap 85% of $10.00"); Get-LlmBudget lists them all.</summary>
        public string? Budget { get; }
        public double? BudgetPercent { get; }

        internal TelemetryStatus Core => _status;

        /// <summary>The line painted in the level's colour (null: plain).</summary>
        internal string Line(StatusColors? colors) => _status.Line(colors);

        public override string ToString() => _status.ToString();
    }
}
