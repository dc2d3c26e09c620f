using System;
using System.Linq;
using LlmTelemetry.Budgets;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Tests.Budgets
{
    /// <summary>A budget's period is local: its day starts at local midnight, its week on Monday, its month on the 1st.</summary>
    public sealed class BudgetPeriodTests
    {
        private static readonly TimeZoneInfo NewYork = TimeZones.Find("America/New_York", "zone");

        // Sunday 2026-11-29, 23:30 in New York (EST, UTC-5): still November, still the week of Monday the 23rd.
        private static readonly DateTimeOffset LateSunday = new DateTimeOffset(2026, 11, 30, 4, 30, 0, TimeSpan.Zero);

        [Fact]
        public void A_daily_period_runs_from_local_midnight_to_the_next()
        {
            var day = BudgetPeriods.Current(BudgetPeriod.Daily, LateSunday, NewYork);
            Assert.Equal(new DateTimeOffset(2026, 11, 29, 5, 0, 0, TimeSpan.Zero), day.Start);
            Assert.Equal(new DateTimeOffset(2026, 11, 30, 5, 0, 0, TimeSpan.Zero), day.End);
        }

        [Fact]
        public void A_weekly_period_is_the_iso_week_from_monday_local_midnight()
        {
            var week = BudgetPeriods.Current(BudgetPeriod.Weekly, LateSunday, NewYork);
            Assert.Equal(new DateTimeOffset(2026, 11, 23, 5, 0, 0, TimeSpan.Zero), week.Start);
            Assert.Equal(new DateTimeOffset(2026, 11, 30, 5, 0, 0, TimeSpan.Zero), week.End);
            // Half an hour later it is Monday in New York: a new week.
            var next = BudgetPeriods.Current(BudgetPeriod.Weekly, LateSunday.AddHours(1), NewYork);
            Assert.Equal(week.End, next.Start);
        }

        [Fact]
        public void A_monthly_period_is_the_local_calendar_month_across_a_dst_change()
        {
            var month = BudgetPeriods.Current(BudgetPeriod.Monthly, LateSunday, NewYork);
            // 1 November 2026 starts on daylight time (UTC-4); 1 December on standard time (UTC-5).
            Assert.Equal(new DateTimeOffset(2026, 11, 1, 4, 0, 0, TimeSpan.Zero), month.Start);
            Assert.Equal(new DateTimeOffset(2026, 12, 1, 5, 0, 0, TimeSpan.Zero), month.End);
        }

        [Fact]
        public void The_spend_counts_the_local_period_and_the_scope_only()
        {
            using var t = new TempStore(LateSunday);
            var monthStart = new DateTimeOffset(2026, 11, 1, 4, 0, 0, TimeSpan.Zero);
            t.Store.Append(TempStore.Call(monthStart.AddMinutes(-1), cost: 5, project: "spacewalker"));   // October in New York
            t.Store.Append(TempStore.Call(monthStart, cost: 2, project: "spacewalker"));
            t.Store.Append(TempStore.Call(LateSunday.AddMinutes(-1), cost: 3, project: "spacewalker"));
            t.Store.Append(TempStore.Call(LateSunday.AddMinutes(-2), cost: 7, project: "other"));
            var budgets = new[]
            {
                new Budget { Name = "m", Period = BudgetPeriod.Monthly, Scope = BudgetScope.Project("spacewalker"), AmountUsd = 10 },
                new Budget { Name = "d", Period = BudgetPeriod.Daily, AmountUsd = 20 },
            };

            var statuses = BudgetEvaluator.Evaluate(t.Store, budgets, LateSunday, NewYork);

            Assert.Equal(5, statuses[0].SpentUsd, 9);
            Assert.Equal(5, statuses[0].LeftUsd, 9);
            Assert.Equal(50, statuses[0].Percent, 9);
            Assert.Equal(new[] { 50 }, statuses[0].Crossed);
            Assert.Equal(10, statuses[1].SpentUsd, 9);
            Assert.Equal(new[] { 50 }, statuses[1].Crossed);
        }

        [Fact]
        public void The_projection_is_the_spend_at_the_current_pace_to_the_period_end()
        {
            var start = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
            var end = start.AddDays(30);
            Assert.Equal(30, BudgetEvaluator.Project(10, start, end, start.AddDays(10)), 9);
            // Past the end (a late listing) the spend is the projection.
            Assert.Equal(10, BudgetEvaluator.Project(10, start, end, end.AddDays(1)), 9);
            // In the first hour the pace is taken over one hour, not over the seconds gone.
            Assert.Equal(10 * 30 * 24, BudgetEvaluator.Project(10, start, end, start.AddSeconds(1)), 6);
            Assert.Equal(0, BudgetEvaluator.Project(0, start, end, start), 9);
        }

        [Theory]
        [InlineData(double.NaN)]
        [InlineData(double.PositiveInfinity)]
        [InlineData(0)]
        [InlineData(-5)]
        [InlineData(2e12)]
        public void An_amount_that_is_not_a_sensible_number_of_dollars_is_refused_naming_the_amount(double amount)
        {
            var ex = Assert.Throws<TelemetryValidationException>(() => new Budget { Name = "x", AmountUsd = amount }.Validate());
            Assert.Equal("amount", ex.Field);
        }

        [Fact]
        public void Scopes_read_and_write_their_text_form_and_default_names_follow_them()
        {
            Assert.Equal("project:spacewalker", BudgetScope.Parse("Project:spacewalker").ToString());
            Assert.Same(BudgetScope.All, BudgetScope.Parse("ALL"));
            Assert.Equal("source", Assert.Throws<TelemetryValidationException>(() => BudgetScope.Parse("team:x", "source")).Field);
            Assert.Equal("monthly-project-spacewalker", Budget.DefaultName(BudgetPeriod.Monthly, BudgetScope.Project("spacewalker")));
            Assert.Equal("daily", Budget.DefaultName(BudgetPeriod.Daily, BudgetScope.All));
            Assert.Equal("period", Assert.Throws<TelemetryValidationException>(() => Budget.ParsePeriod("yearly")).Field);
        }
    }
}
