using System;
using System.Collections.Generic;
using System.Globalization;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Queries
{
    /// <summary>The words every front end uses for days that only history accounts for, so the CLI and the module say the same.</summary>
    public static class HistoryNotices
    {
        /// <summary>
        /// "the history of 3 days, 2026-08-01 … 2026-08-03 (UTC), could not be searched: …" for a
        /// report's <see cref="CostReport.DaysNotSearched"/> or <see cref="UsageStats.DaysNotSearched"/>; null when empty.
        /// </summary>
        public static string? NotSearched(IReadOnlyList<DateTime> days)
        {
            if (days is null || days.Count == 0) return null;
            bool one = days.Count == 1;
            return "the history of " + Span(days) + ", could not be searched: " + (one ? "that day keeps" : "those days keep")
                   + " only daily totals, and a text search or a record id needs the records; the answer leaves " + (one ? "it" : "them") + " out";
        }

        /// <summary>"1 day, 2026-08-01 (UTC)" or "61 days, 2026-08-01 … 2026-09-30 (UTC)"; <paramref name="days"/> oldest first.</summary>
        internal static string Span(IReadOnlyList<DateTime> days)
        {
            string count = days.Count.ToString("N0", CultureInfo.InvariantCulture) + (days.Count == 1 ? " day, " : " days, ");
            string first = DayPartition.Name(days[0]), last = DayPartition.Name(days[days.Count - 1]);
            return count + (days.Count == 1 ? first : first + " … " + last) + " (UTC)";
        }
    }
}
