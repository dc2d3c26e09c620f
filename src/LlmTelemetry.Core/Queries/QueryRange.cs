using System;
using System.Globalization;
using LlmTelemetry.Records;

namespace LlmTelemetry.Queries
{
    /// <summary>
    /// Turns the range options every front end offers (-Days, or -Start/-End as local dates) into one
    /// <see cref="DateRange"/>, so the cmdlets and the CLI agree on what "no range", "only an end" and
    /// "days and a start" mean.
    /// </summary>
    public static class QueryRange
    {
        /// <summary>The first local date an end-only range starts from: the store never holds older records.</summary>
        public static readonly DateTime Epoch = new DateTime(1970, 1, 1);

        /// <summary>
        /// The last local date a range may name: records are dated 1970 to 9998 (RecordValidator), and a day's midnight
        /// in any zone (UTC−12 to UTC+14) must stay inside what DateTimeOffset can hold, which 9999-12-31 does not.
        /// </summary>
        public static readonly DateTime LastDate = new DateTime(9998, 12, 31);

        /// <summary>
        /// Null when nothing was given (the whole store). Days cannot be combined with a start or an end;
        /// an end without a start covers everything up to that date; a start without an end runs to today.
        /// Dates must lie between <see cref="Epoch"/> and <see cref="LastDate"/>.
        /// </summary>
        public static DateRange? Resolve(int? days, DateTime? start, DateTime? end, TimeZoneInfo zone, DateTimeOffset now,
            string daysParameter = "Days", string startParameter = "Start", string endName = "the end date", string endParameter = "End")
        {
            if (zone is null) throw new ArgumentNullException(nameof(zone));
            if (days is int d)
            {
                if (start is not null || end is not null)
                    throw new TelemetryValidationException(daysParameter, d.ToString(CultureInfo.InvariantCulture),
                        $"cannot be combined with {startParameter} or an end date; give either a number of days or dates");
                return DateRange.LastDays(d, zone, now, daysParameter);
            }
            if (start is null && end is null) return null;
            if (start is DateTime first) InBounds(first, startParameter);
            if (end is DateTime last) InBounds(last, endParameter);
            if (start is DateTime s && end is DateTime e && e.Date < s.Date)
                throw new TelemetryValidationException(startParameter, Text(s), $"is after {endName} ({e:yyyy-MM-dd})");
            if (start is DateTime future && end is null)
            {
                // Without an end the range runs to today, so a start after today would be an empty, inverted range.
                var today = TimeZoneInfo.ConvertTime(now, zone).Date;
                if (future.Date > today)
                    throw new TelemetryValidationException(startParameter, Text(future), $"is after today ({today:yyyy-MM-dd}); give {endName} too to look ahead");
            }
            return DateRange.Between((start ?? Epoch).Date, end?.Date, zone, now);
        }

        private static void InBounds(DateTime date, string parameter)
        {
            if (date.Date < Epoch || date.Date > LastDate)
                throw new TelemetryValidationException(parameter, Text(date),
                    $"must be a date from {Text(Epoch)} to {Text(LastDate)} (the dates a record can have)");
        }

        private static string Text(DateTime date) => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}
