using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using LlmTelemetry.Exporters;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Tests.Hostile
{
    /// <summary>
    /// Range dates at and past the ends of the calendar in the zones furthest from UTC. The rule: dates from 1970-01-01
    /// to 9998-12-31 are a range (whose UTC instants every query can compute), anything else is refused naming the
    /// parameter. `--until 9999-12-31` and `--since 0001-01-01 --timezone Pacific/Kiritimati` used to crash all nine
    /// range commands with ArgumentOutOfRangeException.
    /// </summary>
    public sealed class HostileRangeTests
    {
        private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

        private static readonly string[] Zones =
        {
            "UTC", "Pacific/Kiritimati", "Etc/GMT+12", "Etc/GMT-14", "Pacific/Pago_Pago", "America/St_Johns", "Asia/Kathmandu",
            "Australia/Lord_Howe", "America/Havana", "Europe/Berlin",
        };

        // date, valid as a range date
        private static readonly (string Date, bool Valid)[] Dates =
        {
            ("0001-01-01", false), ("0001-01-02", false), ("1969-12-31", false), ("1970-01-01", true), ("2026-03-29", true),
            ("2026-11-22", true), ("9998-12-31", true), ("9999-01-01", false), ("9999-12-30", false), ("9999-12-31", false),
        };

        public static IEnumerable<object[]> Cases()
        {
            foreach (var zone in Zones)
                foreach (var (date, valid) in Dates)
                    foreach (var role in new[] { "since", "until", "both" })
                    {
                        // A start after today without an end is refused too (it would be an inverted range).
                        bool ok = valid && !(role == "since" && string.CompareOrdinal(date, "2026-11-23") > 0);
                        yield return new object[] { zone, date, role, ok };
                    }
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void Range_dates_are_a_range_or_an_error_naming_the_parameter(string zoneId, string date, string role, bool valid)
        {
            var zone = TimeZones.Find(zoneId);
            var day = DateTime.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture);
            DateTime? start = role == "until" ? null : day;
            DateTime? end = role == "since" ? null : day;
            if (!valid)
            {
                var ex = Assert.Throws<TelemetryValidationException>(() => QueryRange.Resolve(null, start, end, zone, Now, "days", "since", "the --until date", "until"));
                Assert.Equal(role == "until" ? "until" : "since", ex.Field);
                Assert.Contains(date, ex.Message);
                return;
            }
            var range = QueryRange.Resolve(null, start, end, zone, Now, "days", "since", "the --until date", "until")!;
            // Every instant a query derives from the range must exist.
            var filter = new RecordQuery { Range = range }.Compile();
            Assert.True(range.Start < range.End);
            Assert.Equal(start ?? QueryRange.Epoch, range.Since);
            Assert.True(filter.Overlaps(range.Since) || filter.Overlaps(range.Since.AddDays(1)));
            Assert.True(range.DayCount >= 1);
        }

        [Theory]
        [InlineData(1)]
        [InlineData(36500)]
        public void Days_at_both_limits_give_computable_ranges_in_every_zone(int days)
        {
            foreach (var id in Zones)
            {
                var range = QueryRange.Resolve(days, null, null, TimeZones.Find(id), Now)!;
                Assert.Equal(days, range.DayCount);
                Assert.True(range.Start < range.End);
            }
        }

        [Theory]
        [InlineData("1970-01-01", "9998-12-31", "Pacific/Kiritimati", 1)]
        [InlineData("1970-01-01", "9998-12-31", "Etc/GMT+12", 1)]
        [InlineData("1970-01-01", null, "Pacific/Kiritimati", 1)]
        [InlineData("5000-01-01", "9998-12-31", "UTC", 0)]
        public void The_report_of_the_widest_ranges_has_a_previous_period_it_can_compute(string since, string? until, string zoneId, int calls)
        {
            using var t = new TempStore(Now);
            t.Store.Append(TempStore.Call(Now));
            var zone = TimeZones.Find(zoneId);
            var range = QueryRange.Resolve(null, DateTime.Parse(since, CultureInfo.InvariantCulture), until is null ? null : DateTime.Parse(until, CultureInfo.InvariantCulture), zone, Now)!;
            // The previous period of 1970..9998 reached back past year 1 and crashed `report`.
            var summary = HtmlReportWriter.Write(t.Store, new HtmlReportRequest(new RecordQuery { Range = range, Zone = zone }) { Now = Now, MaxEvents = 10 }, System.IO.Stream.Null);
            Assert.True(summary.PreviousRange.Until < range.Since);
            Assert.True(summary.PreviousRange.Start < summary.PreviousRange.End);
            Assert.Equal(calls, summary.Total.Calls);
        }
    }
}
