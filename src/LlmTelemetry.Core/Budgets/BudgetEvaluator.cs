using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LlmTelemetry.Configuration;
using LlmTelemetry.Queries;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Budgets
{
    /// <summary>
    /// Computes where budgets stand, through the same cost query as `costs` and Get-LlmCost (<see cref="CostReporter"/>),
    /// so a budget's spend is what a report over its period and scope shows, answered from day rollups where they can.
    /// </summary>
    /// <remarks>
    /// The projection is the spend at the current pace to the period's end: spent × length ÷ elapsed. In the period's
    /// first hour the pace is taken over a full hour (elapsed is at least one hour, or the whole period if shorter),
    /// so the first cent of a month does not project to thousands of dollars.
    /// A source scope (metadata.source) cannot be answered by rollups, which do not keep the source: its days are
    /// scanned, and days whose raw records are already pruned are left out.
    /// </remarks>
    public static class BudgetEvaluator
    {
        /// <summary>The shortest time the pace is measured over.</summary>
        public static readonly TimeSpan MinimumPaceWindow = TimeSpan.FromHours(1);

        /// <summary>The status of each budget in its period holding <paramref name="now"/> (local days of <paramref name="zone"/>).</summary>
        /// <param name="config">Where thresholds and hooks a budget leaves out come from; null: the defaults (50, 80, 100; no hook).</param>
        public static IReadOnlyList<BudgetStatus> Evaluate(TelemetryStore store, IEnumerable<Budget> budgets, DateTimeOffset now, TimeZoneInfo zone,
            UserConfig? config = null, CancellationToken cancellation = default)
        {
            if (store is null) throw new ArgumentNullException(nameof(store));
            if (budgets is null) throw new ArgumentNullException(nameof(budgets));
            config ??= new UserConfig();
            if (zone is null) throw new ArgumentNullException(nameof(zone));
            // Budgets of one period and scope (a warning one and an enforced one) share one query.
            var spent = new Dictionary<(BudgetPeriod, BudgetScope), CostRow>();
            var result = new List<BudgetStatus>();
            foreach (var budget in budgets)
            {
                var range = BudgetPeriods.Current(budget.Period, now, zone);
                if (!spent.TryGetValue((budget.Period, budget.Scope), out var total))
                {
                    var query = new RecordQuery { Range = range, Filter = budget.Scope.Filter(), Zone = zone, Cancellation = cancellation };
                    spent[(budget.Period, budget.Scope)] = total = CostReporter.Run(store, query).Total;
                }
                var thresholds = BudgetConfig.ThresholdsOf(budget, config);
                result.Add(Status(budget, range, total.CostUsd, total.UnpricedCalls, now, thresholds) with { Hook = BudgetConfig.HookOf(budget, config) });
            }
            return result;
        }

        internal static BudgetStatus Status(Budget budget, DateRange range, double spentUsd, long unpriced, DateTimeOffset now, IReadOnlyList<int> thresholds)
        {
            // In the zone's offset at each instant, so a listing shows local midnight (the instants are the same).
            var start = TimeZoneInfo.ConvertTime(range.Start, range.Zone);
            var end = TimeZoneInfo.ConvertTime(range.End, range.Zone);
            double percent = spentUsd / budget.AmountUsd * 100;
            return new BudgetStatus(budget, start, end, spentUsd, budget.AmountUsd - spentUsd, percent,
                Project(spentUsd, start, end, now), thresholds, thresholds.Where(t => percent >= t).OrderBy(t => t).ToArray(), unpriced);
        }

        /// <summary>spent × length ÷ elapsed, elapsed at least <see cref="MinimumPaceWindow"/> (or the whole period if shorter) and at most the period.</summary>
        internal static double Project(double spentUsd, DateTimeOffset start, DateTimeOffset end, DateTimeOffset now)
        {
            double length = (end - start).TotalSeconds;
            double floor = Math.Min(length, MinimumPaceWindow.TotalSeconds);
            double elapsed = Math.Min(length, Math.Max(floor, (now - start).TotalSeconds));
            return spentUsd * length / elapsed;
        }
    }
}
