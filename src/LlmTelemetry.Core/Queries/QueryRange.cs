using System;
using System.Globalization;
using LlmTelemetry.Records;

namespace LlmTelemetry.Queries
{
    /// <summary>
    /// Turns the range options every front end offers (-Days, or -Start/-End as local dates, or a period word) into
    /// one <see cref="DateRange"/>, so the cmdlets and the CLI agree on what "no range", "only an end", "a period"
    /// and "days and a start" mean. The rules live here once; front ends only bind their parameters.
    /// </summary>
    public static class QueryRange
    {
        /// <summary>The days a report covers without a range (<see cref="RangeDefault"/>), and what the period words mean.</summary>
        public const int WeekDays = 7, MonthDays = 30;

        /// <summary>
        /// The range for <paramref name="input"/>, or for <paramref name="fallback"/> when it names none; null is the
        /// whole store. A period word counts as that many days (today 1, week 7, month 30) and cannot be combined with
        /// days or dates. Days cannot be combined with dates; an end without a start covers everything up to that date
        /// (from <see cref="Epoch"/>); a start without an end runs to today.
        /// </summary>
        /// <param name="names">How the front end names its parameters in errors; default: the module's (-Days, -Start, -End).</param>
        public static DateRange? Resolve(RangeInput input, RangeDefault fallback, TimeZoneInfo zone, DateTimeOffset now, RangeParameters? names = null)
        {
            if (input is null) throw new ArgumentNullException(nameof(input));
            var n = names ?? RangeParameters.PowerShell;
            int? days = input.Days;
            if (input.Period is string period)
            {
                if (days is int d)
                    throw new TelemetryValidationException(n.Days, d.ToString(CultureInfo.InvariantCulture), $"cannot be combined with the period '{period}'");
                days = PeriodDays(period, n.Period);
                if (input.Start is DateTime start)
                    throw new TelemetryValidationException(n.Start, Text(start), $"cannot be combined with the period '{period}'; give either a period or dates");
                if (input.End is DateTime end)
                    throw new TelemetryValidationException(n.End, Text(end), $"cannot be combined with the period '{period}'; give either a period or dates");
            }
            if (days is null && input.Start is null && input.End is null)
            {
                return fallback switch
                {
                    RangeDefault.Last7Days => DateRange.LastDays(WeekDays, zone, now, n.Days),
                    RangeDefault.Last30Days => DateRange.LastDays(MonthDays, zone, now, n.Days),
                    _ => null,
                };
            }
            return Resolve(days, input.Start, input.End, zone, now, n.Days, n.Start, n.EndText, n.End);
        }

        /// <summary>today → 1, week → 7, month → 30 (any case); anything else is an error naming <paramref name="parameter"/>.</summary>
        public static int PeriodDays(string period, string parameter)
        {
            if (period is null) throw new ArgumentNullException(nameof(period));
            return period.Trim().ToLowerInvariant() switch
            {
                "today" => 1,
                "week" => WeekDays,
                "month" => MonthDays,
                _ => throw new TelemetryValidationException(parameter, period, "expected today, week or month"),
            };
        }

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
        internal static DateRange? Resolve(int? days, DateTime? start, DateTime? end, TimeZoneInfo zone, DateTimeOffset now,
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
