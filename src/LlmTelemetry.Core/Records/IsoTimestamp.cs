using System;
using System.Globalization;

namespace LlmTelemetry.Records
{
    /// <summary>
    /// Reads a timestamp a person typed (`record --timestamp`): ISO-8601 only, as the help promises. The general .NET
    /// parser also took "12/01/2026" (month first or day first?) and "Dec 1" (which year?), guesses that must not be
    /// stored as facts. Accepted: 2026-11-22T10:30:00Z, with optional fraction, an offset (+01:00) or none (UTC),
    /// seconds optional, or a date alone (midnight UTC); between 1970 and 9998, the years a record can have.
    /// <see cref="FromDateTime"/> is the same rule for a front end that is handed a DateTime instead of text.
    /// </summary>
    public static class IsoTimestamp
    {
        private static readonly string[] Formats =
        {
            "yyyy-MM-dd'T'HH:mm:ssK",
            "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK",
            "yyyy-MM-dd'T'HH:mmK",
            "yyyy-MM-dd",
        };

        public static DateTimeOffset Parse(string text, string parameter)
        {
            if (text is null) throw new ArgumentNullException(nameof(text));
            if (!DateTimeOffset.TryParseExact(text.Trim(), Formats, CultureInfo.InvariantCulture,
                    DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
                throw new TelemetryValidationException(parameter, text, "expected an ISO-8601 date and time such as 2026-11-22T10:30:00Z");
            var utc = parsed.ToUniversalTime();
            InYears(utc.Year, parameter, text);
            return utc;
        }

        /// <summary>
        /// The instant a DateTime names, by the rule <see cref="Parse"/> applies to text: a DateTime without a zone
        /// (Kind Unspecified: PowerShell's [datetime]'2026-11-22T10:30:00', or a date alone) is UTC, as text without an
        /// offset is in the CLI; Kind Local (Get-Date, or text with an offset or Z) and Kind Utc keep their meaning.
        /// </summary>
        public static DateTimeOffset FromDateTime(DateTime value, string parameter)
        {
            // Checked before converting: a local DateTime near MinValue or MaxValue has no UTC instant to convert to.
            InYears(value.Year, parameter, value.ToString("o", CultureInfo.InvariantCulture));
            var utc = value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value.ToUniversalTime();
            InYears(utc.Year, parameter, value.ToString("o", CultureInfo.InvariantCulture));
            return new DateTimeOffset(utc, TimeSpan.Zero);
        }

        private static void InYears(int year, string parameter, string text)
        {
            if (year < 1970 || year > 9998)
                throw new TelemetryValidationException(parameter, text, "must be between 1970 and 9998 (the years a record can have)");
        }
    }
}
