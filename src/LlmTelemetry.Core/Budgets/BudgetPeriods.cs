using System;
using LlmTelemetry.Queries;

namespace LlmTelemetry.Budgets
{
    /// <summary>
    /// The local days a budget period covers: daily is today; weekly is the ISO week (Monday to Sunday) holding today;
    /// monthly the calendar month. As a <see cref="DateRange"/>, so its instants (midnights, DST included) are the
    /// ones every report uses.
    /// </summary>
    internal static class BudgetPeriods
    {
        public static DateRange Current(BudgetPeriod period, DateTimeOffset now, TimeZoneInfo zone)
        {
            var today = TimeZoneInfo.ConvertTime(now, zone).Date;
            switch (period)
            {
                case BudgetPeriod.Daily:
                    return new DateRange(today, today, zone);
                case BudgetPeriod.Weekly:
                    var monday = today.AddDays(-(((int)today.DayOfWeek + 6) % 7));
                    return new DateRange(monday, monday.AddDays(6), zone);
                case BudgetPeriod.Monthly:
                    var first = new DateTime(today.Year, today.Month, 1);
                    return new DateRange(first, first.AddMonths(1).AddDays(-1), zone);
                default:
                    throw new ArgumentOutOfRangeException(nameof(period), period, "not a budget period");
            }
        }
    }
}
