using System;
using System.Globalization;
using LlmTelemetry.Records;

namespace LlmTelemetry.Queries
{
    /// <summary>
    /// An inclusive range of local calendar dates in a time zone ("the last 7 days", "2026-10-01..2026-10-31"),
    /// and the UTC instants it covers. Every front end turns -Days / --since / --until into one of these.
    /// </summary>
    public sealed record DateRange(DateTime Since, DateTime Until, TimeZoneInfo Zone)
    {
        /// <summary>First instant of <see cref="Since"/> in the zone.</summary>
        public DateTimeOffset Start => LocalMidnight(Since);

        /// <summary>First instant after <see cref="Until"/> (exclusive end).</summary>
        public DateTimeOffset End => LocalMidnight(Until.AddDays(1));

        public string SinceText => Since.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        public string UntilText => Until.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        public int DayCount => (int)(Until - Since).TotalDays + 1;

        /// <summary>The last <paramref name="days"/> local days, today included.</summary>
        public static DateRange LastDays(int days, TimeZoneInfo zone, DateTimeOffset now, string parameter = "days")
        {
            if (days < 1) throw new TelemetryValidationException(parameter, days.ToString(CultureInfo.InvariantCulture), "must be at least 1");
            if (days > 36500) throw new TelemetryValidationException(parameter, days.ToString(CultureInfo.InvariantCulture), "must be at most 36500");
            var today = TimeZoneInfo.ConvertTime(now, zone).Date;
            return new DateRange(today.AddDays(-(days - 1)), today, zone);
        }

        /// <summary>From <paramref name="since"/> to <paramref name="until"/> (default today), both inclusive local dates.</summary>
        public static DateRange Between(DateTime since, DateTime? until, TimeZoneInfo zone, DateTimeOffset now)
        {
            var end = (until ?? TimeZoneInfo.ConvertTime(now, zone).DateTime).Date;
            if (end < since.Date)
                throw new TelemetryValidationException("until", end.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    $"is before since ({since:yyyy-MM-dd})");
            return new DateRange(since.Date, end, zone);
        }

        /// <summary>Parses YYYY-MM-DD with an error naming <paramref name="parameter"/>.</summary>
        public static DateTime ParseDate(string text, string parameter)
        {
            if (DateTime.TryParseExact(text?.Trim(), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
            throw new TelemetryValidationException(parameter, text, "expected a date as YYYY-MM-DD");
        }

        private DateTimeOffset LocalMidnight(DateTime date)
        {
            var local = DateTime.SpecifyKind(date.Date, DateTimeKind.Unspecified);
            // A zone whose clocks skip midnight (DST at 00:00) has no such instant: use the first valid one.
            while (Zone.IsInvalidTime(local)) local = local.AddMinutes(30);
            var offset = Zone.GetUtcOffset(local);
            return new DateTimeOffset(local, offset).ToUniversalTime();
        }
    }
}
