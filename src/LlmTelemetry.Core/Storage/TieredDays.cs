using System;
using System.Collections.Generic;
using LlmTelemetry.Queries;

namespace LlmTelemetry.Storage
{
    /// <summary>One UTC day a query reads: its raw folder, or (when <see cref="Raw"/> is null) its history rollup.</summary>
    internal readonly struct TieredDay
    {
        public TieredDay(DateTime day, DayPartition? raw)
        {
            Day = day;
            Raw = raw;
        }

        public DateTime Day { get; }
        public DayPartition? Raw { get; }
    }

    /// <summary>The days of both tiers a query's range overlaps, oldest first: what every report walks.</summary>
    internal static class TieredDays
    {
        /// <param name="raw">The raw days to read (already chosen by the range; <see cref="TelemetryStore.Days"/> leaves out history days).</param>
        public static List<TieredDay> Of(TelemetryStore store, CompiledFilter filter, IReadOnlyList<DayPartition> raw)
        {
            var days = new List<TieredDay>(raw.Count);
            foreach (var d in raw) days.Add(new TieredDay(d.Day, d));
            foreach (var h in HistoryOverlapping(store, filter)) days.Add(new TieredDay(h, null));
            days.Sort((a, b) => a.Day.CompareTo(b.Day));
            return days;
        }

        /// <summary>
        /// The history rollup of <paramref name="day"/> when <paramref name="filter"/> can be asked of it; otherwise null,
        /// and the day is added to <paramref name="notSearched"/>: a text search or a record id needs the records, which a
        /// rollup does not keep, and a report lists such days rather than silently answer less.
        /// </summary>
        public static DayRollup? HistoryAnswering(TelemetryStore store, DateTime day, RecordFilter filter, List<DateTime> notSearched)
        {
            if (filter.RollupsCanAnswer) return store.History.Read(day);
            notSearched.Add(day);
            return null;
        }

        /// <summary>History days a range overlaps, oldest first.</summary>
        public static List<DateTime> HistoryOverlapping(TelemetryStore store, CompiledFilter filter)
        {
            var days = new List<DateTime>();
            foreach (var h in store.History.Days())
                if (filter.Overlaps(h)) days.Add(h);
            return days;
        }
    }
}
