using System;
using System.Collections.Generic;

namespace LlmTelemetry.Budgets
{
    /// <summary>
    /// Where a budget stands in its current period: what is spent, what is left, the percent used, and where the
    /// current pace ends the period (<see cref="BudgetEvaluator"/> computes it).
    /// </summary>
    /// <param name="PeriodStart">The period's first instant: local midnight of its first day.</param>
    /// <param name="PeriodEnd">The first instant after it (exclusive).</param>
    /// <param name="LeftUsd">Amount minus spent; negative once the budget is overspent.</param>
    /// <param name="Percent">Spent as a percentage of the amount (above 100 once overspent).</param>
    /// <param name="ProjectedUsd">Spent ÷ elapsed × the period's length (see <see cref="BudgetEvaluator"/>).</param>
    /// <param name="Thresholds">The percentages this budget warns at.</param>
    /// <param name="Crossed">The thresholds <see cref="Percent"/> has reached, lowest first.</param>
    /// <param name="UnpricedCalls">Calls in scope whose model had no price: the spend leaves them out.</param>
    public sealed record BudgetStatus(
        Budget Budget,
        DateTimeOffset PeriodStart,
        DateTimeOffset PeriodEnd,
        double SpentUsd,
        double LeftUsd,
        double Percent,
        double ProjectedUsd,
        IReadOnlyList<int> Thresholds,
        IReadOnlyList<int> Crossed,
        long UnpricedCalls)
    {
        /// <summary>The budget's hook (its own or the config's), or null.</summary>
        public string? Hook { get; init; }
    }
}
