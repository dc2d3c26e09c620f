using System;
using System.Linq;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Tests.Queries
{
    public sealed class CostQueryTests
    {
        [Fact]
        public void A_call_at_2330_utc_counts_on_the_next_local_day_in_berlin_and_on_its_utc_day_in_utc()
        {
            using var t = new TempStore();
            t.Store.Append(TempStore.Call(new DateTimeOffset(2026, 11, 20, 23, 30, 0, TimeSpan.Zero), cost: 1.5));
            var berlin = TimeZones.Find("Europe/Berlin");
            var inBerlin = CostReporter.Run(t.Store, new RecordQuery { Range = DateRange.LastDays(7, berlin, t.Now), Zone = berlin }, new[] { GroupKey.Day });
            Assert.Equal("2026-11-21", Assert.Single(inBerlin.Rows).ValueOf(GroupKey.Day));
            var inUtc = CostReporter.Run(t.Store, new RecordQuery { Range = DateRange.LastDays(7, TimeZoneInfo.Utc, t.Now), Zone = TimeZoneInfo.Utc }, new[] { GroupKey.Day });
            Assert.Equal("2026-11-20", Assert.Single(inUtc.Rows).ValueOf(GroupKey.Day));

            // A local range of exactly 2026-11-21 in Berlin includes it; the UTC day 2026-11-21 does not.
            var day21 = new DateRange(new DateTime(2026, 11, 21), new DateTime(2026, 11, 21), berlin);
            Assert.Equal(1, CostReporter.Run(t.Store, new RecordQuery { Range = day21, Zone = berlin }).Total.Calls);
            Assert.Equal(0, CostReporter.Run(t.Store, new RecordQuery { Range = day21 with { Zone = TimeZoneInfo.Utc }, Zone = TimeZoneInfo.Utc }).Total.Calls);
        }

        [Fact]
        public void Several_group_keys_make_one_row_per_combination_and_unpriced_calls_are_counted()
        {
            var zone = TimeZoneInfo.Utc;
            var at = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
            var agg = new CostAggregator(new[] { GroupKey.Day, GroupKey.Model }, zone);
            agg.Add(TempStore.Call(at, model: "a", cost: 1, session: "s1"));
            agg.Add(TempStore.Call(at.AddHours(1), model: "a", cost: 2, session: "s2"));
            agg.Add(TempStore.Call(at.AddDays(1), model: "a", cost: null, session: "s1"));
            agg.Add(TempStore.Call(at, model: "b", cost: 4, session: "s1"));
            agg.Add(new TelemetryRecordBuilder().At(at).EventType("session_start").Build()); // not a call: not counted
            var rows = agg.Rows();
            Assert.Equal(new[] { "2026-11-20 / b", "2026-11-20 / a", "2026-11-21 / a" }, rows.Select(r => r.KeyText));
            var first = rows.Single(r => r.KeyText == "2026-11-20 / a");
            Assert.Equal(2, first.Calls);
            Assert.Equal(2, first.Sessions);
            Assert.Equal(3, first.CostUsd, 9);
            Assert.Equal(1.5, first.AvgCostPerSession!.Value, 9);
            Assert.Equal(at, first.FirstCall);
            Assert.Equal(at.AddHours(1), first.LastCall);
            var total = agg.Total();
            Assert.Equal(4, total.Calls);
            Assert.Equal(1, total.UnpricedCalls);
            Assert.Equal(7, total.CostUsd, 9);
            Assert.Equal(2, total.Sessions);
        }

        [Fact]
        public void Time_keys_are_local_and_iso_weeks()
        {
            var zone = TimeZones.Find("America/New_York");
            var at = new DateTimeOffset(2027, 1, 1, 3, 0, 0, TimeSpan.Zero); // 2026-12-31 22:00 in New York
            Assert.Equal("2026-12-31", GroupKeys.TimeValue(GroupKey.Day, at, zone));
            Assert.Equal("2026-12", GroupKeys.TimeValue(GroupKey.Month, at, zone));
            Assert.Equal("2026-12-31 22:00", GroupKeys.TimeValue(GroupKey.Hour, at, zone));
            Assert.Equal("2026-W53", GroupKeys.TimeValue(GroupKey.Week, at, zone));
            Assert.Equal("2026-W48", GroupKeys.TimeValue(GroupKey.Week, new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero), TimeZoneInfo.Utc));
        }

        [Fact]
        public void Bad_group_keys_dates_and_zones_name_the_parameter()
        {
            Assert.Equal("by", Assert.Throws<TelemetryValidationException>(() => GroupKeys.ParseList("day,planet", "by")).Field);
            Assert.Equal("by", Assert.Throws<TelemetryValidationException>(() => GroupKeys.ParseList("day,Day", "by")).Field);
            Assert.Equal(new[] { GroupKey.Project, GroupKey.Model }, GroupKeys.ParseList("project, Model", "by"));
            Assert.Equal("since", Assert.Throws<TelemetryValidationException>(() => DateRange.ParseDate("2026-13-01", "since")).Field);
            Assert.Equal("timezone", Assert.Throws<TelemetryValidationException>(() => TimeZones.Find("Mars/Olympus")).Field);
            Assert.Equal("days", Assert.Throws<TelemetryValidationException>(() => DateRange.LastDays(0, TimeZoneInfo.Utc, DateTimeOffset.UtcNow)).Field);
        }

        [Fact]
        public void Usage_stats_give_exact_percentiles_peaks_and_top_lists()
        {
            var calc = new UsageStatsCalculator(TimeZoneInfo.Utc);
            var monday = new DateTimeOffset(2026, 11, 23, 14, 0, 0, TimeSpan.Zero);
            for (int i = 1; i <= 100; i++)
                calc.Add(TempStore.Call(monday.AddMinutes(i % 3 == 0 ? 60 : 0), durationMs: i * 10, operation: i > 90 ? "slow-op" : "fast-op",
                    model: i % 2 == 0 ? "m-even" : "m-odd", cost: i % 2 == 0 ? 0.02 : 0.01, success: i != 50));
            var s = calc.Build(top: 3);
            Assert.Equal(100, s.Calls);
            Assert.Equal(0.99, s.SuccessRate!.Value, 9);
            Assert.Equal(500, s.P50DurationMs);
            Assert.Equal(950, s.P95DurationMs);
            Assert.Equal(990, s.P99DurationMs);
            Assert.Equal(505, s.AvgDurationMs!.Value, 9);
            Assert.Equal("slow-op", s.SlowestOperations[0].Name);
            Assert.Equal(14, s.PeakHours[0].Slot);
            Assert.Equal("Monday", s.BusiestWeekday);
            Assert.Equal("m-even", s.TopModels[0].Name);
            Assert.Equal("fast-op", s.TopOperations[0].Name);
        }

        [Fact]
        public void Histogram_percentiles_are_within_five_percent()
        {
            var h = new LatencyHistogram();
            for (int i = 1; i <= 10_000; i++) h.Add(i);
            Assert.InRange(h.Percentile(0.5)!.Value, 5000 * 0.95, 5000 * 1.05);
            Assert.InRange(h.Percentile(0.99)!.Value, 9900 * 0.95, 9900 * 1.05);
        }
    }
}
