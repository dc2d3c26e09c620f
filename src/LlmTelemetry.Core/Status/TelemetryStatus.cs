using System;
using System.Globalization;
using System.Text;

namespace LlmTelemetry.Status
{
    /// <summary>
    /// The live status: the session's tokens and cost, today's cost, and the level they colour the line with. Its
    /// <see cref="ToString"/> is seed 003's line, "Tokens: 1,234 | Cost: $0.12 | Session: $1.45": the session's tokens,
    /// today's cost, the session's cost.
    /// </summary>
    public sealed record TelemetryStatus
    {
        public string? SessionId { get; init; }
        public long SessionCalls { get; init; }
        public long SessionTokens { get; init; }
        public double SessionCostUsd { get; init; }

        /// <summary>The local day "today" is.</summary>
        public DateTime Today { get; init; }
        public long TodayCalls { get; init; }
        public long TodayTokens { get; init; }
        public double TodayCostUsd { get; init; }

        /// <summary>Calls without a price (today's): their cost is not in the totals.</summary>
        public long TodayUnpricedCalls { get; init; }

        /// <summary>
        /// The colour: the session's cost against the thresholds (<see cref="StatusThresholds.LevelOf"/>), raised to
        /// yellow by a budget 80% spent and to red by one fully spent.
        /// </summary>
        public StatusLevel Level { get; init; }

        public DateTimeOffset ComputedAt { get; init; }

        /// <summary>The 5-hour block running at <see cref="ComputedAt"/> (as `blocks --active`), or null.</summary>
        public Queries.UsageBlock? ActiveBlock { get; init; }

        /// <summary>Every budget in its current period (as `budget list`); empty when none is set.</summary>
        public System.Collections.Generic.IReadOnlyList<Budgets.BudgetStatus> Budgets { get; init; } = System.Array.Empty<Budgets.BudgetStatus>();

        /// <summary>Seed 003's line.</summary>
        public override string ToString()
            => "Tokens: " + SessionTokens.ToString("N0", CultureInfo.InvariantCulture)
               + " | Cost: " + Usd(TodayCostUsd)
               + " | Session: " + Usd(SessionCostUsd);

        /// <summary>
        /// The line for a terminal: <see cref="ToString"/>, then the active block's cost and time left when one is
        /// running and the budget nearest its limit, painted in <see cref="Level"/>'s colour when
        /// <paramref name="colors"/> is given (null: plain text, as NO_COLOR asks).
        /// </summary>
        public string Line(StatusColors? colors)
        {
            var text = new StringBuilder(ToString());
            if (ActiveBlock is { } block)
            {
                // The block's cost and the time left in it: what subscription users pace themselves by.
                var left = block.End - ComputedAt;
                if (left < TimeSpan.Zero) left = TimeSpan.Zero;
                text.Append(" | Block: ").Append(Usd(block.CostUsd)).Append(", ")
                    .Append(((int)left.TotalHours).ToString(CultureInfo.InvariantCulture)).Append("h ")
                    .Append(left.Minutes.ToString("00", CultureInfo.InvariantCulture)).Append("m left");
            }
            if (NearestBudget is { } nearest) text.Append(" | Budget ").Append(nearest.Budget.Name).Append(": ").Append(ShareOf(nearest));
            return colors is null ? text.ToString() : colors.Paint(text.ToString(), Level);
        }

        /// <summary>The budget nearest its limit (the largest percent used), or null with none set.</summary>
        public Budgets.BudgetStatus? NearestBudget
        {
            get
            {
                Budgets.BudgetStatus? nearest = null;
                foreach (var b in Budgets) if (nearest is null || b.Percent > nearest.Percent) nearest = b;
                return nearest;
            }
        }

        /// <summary>"85% of $10.00": a budget's use as the line shows it.</summary>
        public static string ShareOf(Budgets.BudgetStatus budget)
            => budget.Percent.ToString("0", CultureInfo.InvariantCulture) + "% of " + Usd(budget.Budget.AmountUsd);

        /// <summary>Dollars to the cent, as the seed's line shows them.</summary>
        internal static string Usd(double value) => "$" + value.ToString("N2", CultureInfo.InvariantCulture);
    }
}
