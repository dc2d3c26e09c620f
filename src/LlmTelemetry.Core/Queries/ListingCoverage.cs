using System;
using System.Collections.Generic;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Queries
{
    /// <summary>
    /// What a listing of records (events, export, Get-LlmTelemetry, the dashboard's table) leaves out of its range:
    /// the days whose raw records are gone and that only their history rollup still accounts for. Cost and usage
    /// reports include those days; a listing cannot, since a rollup keeps sums, not records. Every front end asks this
    /// one question, so they all warn about the same days.
    /// </summary>
    public sealed class ListingCoverage
    {
        private ListingCoverage(IReadOnlyList<DateTime> historyDays, DateTime? firstRawDay)
        {
            HistoryDays = historyDays;
            FirstRawDay = firstRawDay;
        }

        /// <summary>UTC days in the range that have only history, oldest first; empty when the listing misses nothing.</summary>
        public IReadOnlyList<DateTime> HistoryDays { get; }

        /// <summary>The first UTC day of the store that has raw records; null when none has (or the range reaches no history).</summary>
        public DateTime? FirstRawDay { get; }

        /// <summary>
        /// "records before 2026-11-02 (UTC) are kept only as daily totals (history)", or null when the range reaches no
        /// history day. Front ends add which of their commands include those days. When a raw day lies among history
        /// days (maintenance has not run yet), the history days are named instead, since "before" would be untrue.
        /// </summary>
        public string? Notice
        {
            get
            {
                if (HistoryDays.Count == 0) return null;
                if (FirstRawDay is DateTime first && HistoryDays[HistoryDays.Count - 1] < first)
                    return "records before " + DayPartition.Name(first) + " (UTC) are kept only as daily totals (history)";
                return "records of " + HistoryNotices.Span(HistoryDays) + ", are kept only as daily totals (history)" + (FirstRawDay is null ? ", and no day has raw records" : "");
            }
        }

        /// <summary>The history days <paramref name="query"/>'s range reaches (its filter aside: the range decides), and the store's first raw day.</summary>
        public static ListingCoverage Of(TelemetryStore store, RecordQuery query)
        {
            if (store is null) throw new ArgumentNullException(nameof(store));
            if (query is null) throw new ArgumentNullException(nameof(query));
            var history = TieredDays.HistoryOverlapping(store, query.Compile());
            if (history.Count == 0) return new ListingCoverage(history, null);
            var raw = store.Days();
            return new ListingCoverage(history, raw.Count > 0 ? raw[0].Day : (DateTime?)null);
        }
    }
}
