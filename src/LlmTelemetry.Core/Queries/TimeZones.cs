using System;
using LlmTelemetry.Records;

namespace LlmTelemetry.Queries
{
    /// <summary>Finds time zones by IANA id (and Windows id where the OS has it), with an error naming the parameter.</summary>
    public static class TimeZones
    {
        public static TimeZoneInfo Find(string? id, string parameter = "timezone")
        {
            if (string.IsNullOrWhiteSpace(id) || string.Equals(id, "local", StringComparison.OrdinalIgnoreCase)) return TimeZoneInfo.Local;
            if (string.Equals(id, "UTC", StringComparison.OrdinalIgnoreCase) || string.Equals(id, "Etc/UTC", StringComparison.OrdinalIgnoreCase)) return TimeZoneInfo.Utc;
            try
            {
                return TimeZoneInfo.FindSystemTimeZoneById(id!.Trim());
            }
            catch (Exception ex) when (ex is TimeZoneNotFoundException || ex is InvalidTimeZoneException)
            {
                throw new TelemetryValidationException(parameter, id, "is not a time zone this machine knows; use an IANA id such as Europe/Berlin or UTC");
            }
        }

        /// <summary>The IANA-style id to print for a zone (the local zone's id on Unix already is one).</summary>
        public static string Name(TimeZoneInfo zone) => zone == TimeZoneInfo.Utc ? "UTC" : zone.Id;
    }
}
