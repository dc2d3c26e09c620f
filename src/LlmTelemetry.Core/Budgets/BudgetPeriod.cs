namespace LlmTelemetry.Budgets
{
    /// <summary>The span a budget's amount is for, in local time: a day, an ISO week (Monday to Sunday), a calendar month.</summary>
    public enum BudgetPeriod
    {
        Daily,
        Weekly,
        Monthly,
    }
}
