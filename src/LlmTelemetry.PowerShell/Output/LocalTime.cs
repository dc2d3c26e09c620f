using System;

namespace LlmTelemetry.Output
{
    /// <summary>Instants shown to the user: in the query's zone, as a DateTime PowerShell formats and sorts naturally.</summary>
    internal static class LocalTime
    {
        public static DateTime In(DateTimeOffset instant, TimeZoneInfo zone)
        {
            // The local zone gives Kind=Local so ToUniversalTime() and Get-Date comparisons work; other zones are wall-clock times.
            if (zone.Equals(TimeZoneInfo.Local)) return instant.LocalDateTime;
            return TimeZoneInfo.ConvertTime(instant, zone).DateTime;
        }

        public static DateTime? In(DateTimeOffset? instant, TimeZoneInfo zone) => instant is { } i ? In(i, zone) : (DateTime?)null;
    }
}
