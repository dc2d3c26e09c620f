using System.Globalization;
using LlmTelemetry.Records;

namespace LlmTelemetry.Budgets
{
    /// <summary>
    /// A chat call refused before it was sent: its estimate would cross an enforced budget, or a per-call limit
    /// (-MaxCostUsd, --max-cost). The call is recorded as a budget_refused event, never as a priced call.
    /// </summary>
    public sealed class BudgetExceededException : TelemetryException
    {
        internal BudgetExceededException(string? budgetName, double spentUsd, double estimateUsd, double limitUsd, string message)
            : base(TelemetryErrorCode.BudgetExceeded, message)
        {
            BudgetName = budgetName;
            SpentUsd = spentUsd;
            EstimateUsd = estimateUsd;
            LimitUsd = limitUsd;
        }

        /// <summary>The enforced budget that refused it; null for a per-call limit.</summary>
        public string? BudgetName { get; }

        /// <summary>Spent in the budget's period so far (0 for a per-call limit).</summary>
        public double SpentUsd { get; }

        /// <summary>The call's most it could cost: the prompt's estimated tokens plus its output cap, at the model's prices.</summary>
        public double EstimateUsd { get; }

        /// <summary>The budget's amount, or the per-call limit.</summary>
        public double LimitUsd { get; }

        internal static BudgetExceededException ForBudget(BudgetStatus status, double estimate, string estimateText)
        {
            var b = status.Budget;
            return new BudgetExceededException(b.Name, status.SpentUsd, estimate, b.AmountUsd, string.Format(CultureInfo.InvariantCulture,
                "call refused by budget '{0}' ({1}, {2}): ${3} spent of the ${4} limit, and this call is estimated at up to ${5} ({6}), which would cross it",
                b.Name, Budget.PeriodName(b.Period), b.Scope, Usd(status.SpentUsd), Usd(b.AmountUsd), Usd(estimate), estimateText));
        }

        internal static BudgetExceededException ForMaxCost(double limit, double estimate, string estimateText)
            => new BudgetExceededException(null, 0, estimate, limit, string.Format(CultureInfo.InvariantCulture,
                "call refused: it is estimated at up to ${0} ({1}), more than the per-call limit of ${2} (max cost)", Usd(estimate), estimateText, Usd(limit)));

        /// <summary>Cents for dollars, and enough digits for a fraction of a cent (a single call often costs $0.0004).</summary>
        private static string Usd(double usd)
            => usd >= 1 ? usd.ToString("N2", CultureInfo.InvariantCulture) : usd.ToString("0.00######", CultureInfo.InvariantCulture);
    }
}
