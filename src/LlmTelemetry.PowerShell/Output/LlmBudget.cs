using System;
using LlmTelemetry.Budgets;

namespace LlmTelemetry
{
    /// <summary>A budget in its current period (Get-LlmBudget, Set-LlmBudget): spent, left, percent used and the projection.</summary>
    public sealed class LlmBudget
    {
        internal LlmBudget(BudgetStatus s)
        {
            Name = s.Budget.Name;
            Period = Budget.PeriodName(s.Budget.Period);
            Scope = s.Budget.Scope.ToString();
            AmountUsd = s.Budget.AmountUsd;
            SpentUsd = s.SpentUsd;
            LeftUsd = s.LeftUsd;
            Percent = s.Percent;
            ProjectedUsd = s.ProjectedUsd;
            Enforce = s.Budget.Enforce;
            PeriodStart = s.PeriodStart.LocalDateTime;
            PeriodEnd = s.PeriodEnd.LocalDateTime;
            Thresholds = string.Join(",", s.Thresholds);
            UnpricedCalls = s.UnpricedCalls;
        }

        public string Name { get; }
        /// <summary>daily, weekly or monthly (local time; a week starts on Monday).</summary>
        public string Period { get; }
        /// <summary>all, or kind:value (project:spacewalker).</summary>
        public string Scope { get; }
        public double AmountUsd { get; }
        public double SpentUsd { get; }
        /// <summary>Negative once the budget is overspent.</summary>
        public double LeftUsd { get; }
        public double Percent { get; }
        /// <summary>The spend at the period's end at the current pace.</summary>
        public double ProjectedUsd { get; }
        public bool Enforce { get; }
        public DateTime PeriodStart { get; }
        public DateTime PeriodEnd { get; }
        public string Thresholds { get; }
        public long UnpricedCalls { get; }
    }
}
