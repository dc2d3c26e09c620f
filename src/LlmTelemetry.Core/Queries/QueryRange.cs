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
        /// Null when nothing was given (the whole store). Days cannot be combined with a start or an end;
        /// an end without a start covers everything up to that date; a start without an end runs to today.
        /// </summary>
        public static DateRange? Resolve(int? days, DateTime? start, DateTime? end, TimeZoneInfo zone, DateTimeOffset now,
            string daysParameter = "Days", string startParameter = "Start", string endName = "the end date")
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
            if (start is DateTime s && end is DateTime e && e.Date < s.Date)
                throw new TelemetryValidationException(startParameter, s.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                    $"is after {endName} ({e:yyyy-MM-dd})");
            return DateRange.Between((start ?? Epoch).Date, end?.Date, zone, now);
        }
    }
}
