using System;
using System.Collections.Generic;
using System.Globalization;
using LlmTelemetry.Records;

namespace LlmTelemetry.Queries
{
    public static class GroupKeys
    {
        public static bool IsTime(GroupKey key) => key <= GroupKey.Hour;

        /// <summary>The summary dimension that holds this key, or null for time keys and Session.</summary>
        internal static string? Dimension(GroupKey key) => key switch
        {
            GroupKey.Model => "model",
            GroupKey.Provider => "provider",
            GroupKey.Agent => "agent",
            GroupKey.Operation => "operation",
            GroupKey.Project => "project",
            GroupKey.User => "user",
            GroupKey.Host => "host",
            _ => null,
        };

        /// <summary>The snake_case name used by the CLI (--by day) and JSON output.</summary>
        public static string Name(GroupKey key) => key.ToString().ToLowerInvariant();

        /// <summary>Parses "day", "Model", … ; throws a validation error naming <paramref name="parameter"/> and the valid keys.</summary>
        public static GroupKey Parse(string text, string parameter)
        {
            if (Enum.TryParse(text?.Trim(), ignoreCase: true, out GroupKey key) && Enum.IsDefined(typeof(GroupKey), key) && !int.TryParse(text, out _))
                return key;
            throw new TelemetryValidationException(parameter, text, "expected one of day, week, month, hour, model, provider, agent, operation, project, session, user, host");
        }

        public static IReadOnlyList<GroupKey> ParseList(string? text, string parameter)
        {
            var keys = new List<GroupKey>();
            if (string.IsNullOrWhiteSpace(text)) return keys;
            foreach (var part in text!.Split(new[] { ',' }, StringSplitOptions.RemoveEmptyEntries))
            {
                var key = Parse(part, parameter);
                if (keys.Contains(key)) throw new TelemetryValidationException(parameter, text, $"'{part.Trim()}' is given twice");
                keys.Add(key);
            }
            return keys;
        }

        /// <summary>The value of <paramref name="key"/> for a record; local time keys in <paramref name="zone"/>.</summary>
        public static string? ValueOf(GroupKey key, TelemetryRecord r, TimeZoneInfo zone) => key switch
        {
            GroupKey.Model => r.Model,
            GroupKey.Provider => r.Provider,
            GroupKey.Agent => r.AgentName,
            GroupKey.Operation => r.Operation,
            GroupKey.Project => r.Metadata.Project,
            GroupKey.Session => r.SessionId,
            GroupKey.User => r.UserId,
            GroupKey.Host => r.Metadata.Host,
            _ => TimeValue(key, r.Timestamp, zone),
        };

        /// <summary>Day "2026-11-20", Week "2026-W47" (ISO), Month "2026-11", Hour "2026-11-20 14:00", all local to <paramref name="zone"/>.</summary>
        public static string TimeValue(GroupKey key, DateTimeOffset instant, TimeZoneInfo zone)
        {
            var local = TimeZoneInfo.ConvertTime(instant, zone).DateTime;
            switch (key)
            {
                case GroupKey.Day: return local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                case GroupKey.Month: return local.ToString("yyyy-MM", CultureInfo.InvariantCulture);
                case GroupKey.Hour: return local.ToString("yyyy-MM-dd HH:00", CultureInfo.InvariantCulture);
                case GroupKey.Week:
                    var (year, week) = IsoWeek(local);
                    return year.ToString(CultureInfo.InvariantCulture) + "-W" + week.ToString("00", CultureInfo.InvariantCulture);
                default: throw new ArgumentOutOfRangeException(nameof(key), key, "not a time key");
            }
        }

        /// <summary>ISO-8601 week (netstandard2.0 has no ISOWeek): weeks start Monday; week 1 holds the year's first Thursday.</summary>
        internal static (int Year, int Week) IsoWeek(DateTime date)
        {
            int dayOfWeek = ((int)date.DayOfWeek + 6) % 7; // Monday = 0
            var thursday = date.Date.AddDays(3 - dayOfWeek);
            int week = (thursday.DayOfYear - 1) / 7 + 1;
            return (thursday.Year, week);
        }
    }
}
