using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Queries
{
    /// <summary>
    /// Answers cost queries from the store. Whole UTC days inside the range come from their day summaries when the
    /// question allows it (no filters but the range; at most one group key that the summary holds; for time keys a
    /// time zone at a whole-hour offset that day); partial days at the range's edges are scanned record by record.
    /// </summary>
    public static class CostReporter
    {
        /// <summary>The costs of the records <paramref name="query"/> selects, one row per value of <paramref name="groupBy"/> (none: only the total).</summary>
        /// <remarks>The query's cancellation is checked per day and every thousand lines: a cancelled token ends the run with an OperationCanceledException.</remarks>
        /// <param name="progress">Hears of each day folder once it is answered, from a summary or a scan.</param>
        public static CostReport Run(TelemetryStore store, RecordQuery query, IReadOnlyList<GroupKey>? groupBy = null, IProgress<ScanProgress>? progress = null)
        {
            if (store is null) throw new ArgumentNullException(nameof(store));
            if (query is null) throw new ArgumentNullException(nameof(query));
            var days = DaysRead(store, query);
            return Run(store, query, groupBy ?? Array.Empty<GroupKey>(), days, new ScanReporter(progress, days.Count));
        }

        /// <summary>The day folders <see cref="Run(TelemetryStore, RecordQuery, IReadOnlyList{GroupKey}, IProgress{ScanProgress})"/> reads for a query (for a shared progress total).</summary>
        internal static List<DayPartition> DaysRead(TelemetryStore store, RecordQuery query) => store.DaysOverlapping(query.Compile());

        internal static CostReport Run(TelemetryStore store, RecordQuery query, IReadOnlyList<GroupKey> groupBy, IReadOnlyList<DayPartition> days, ScanReporter progress)
        {
            var compiled = query.Compile();
            var cancellation = query.Cancellation;
            var zone = query.Zone;
            var aggregator = new CostAggregator(groupBy, zone);
            var diagnostics = new ReadDiagnostics();
            bool summarisable = query.UseSummaries && SummariesCanAnswer(query.Filter, groupBy);
            int fromSummaries = 0, scanned = 0;
            long skipped = 0;

            foreach (var day in days)
            {
                cancellation.ThrowIfCancellationRequested();
                if (summarisable && compiled.Covers(day.Day) && ZoneFitsHours(groupBy, zone, day.Day))
                {
                    var summary = store.Summaries.GetDay(day, cancellation);
                    AddSummary(aggregator, summary, day.Day, groupBy, zone);
                    skipped += summary.SkippedLines;
                    fromSummaries++;
                }
                else
                {
                    aggregator.AddRange(store.ReadDay(day, compiled, diagnostics, cancellation));
                    scanned++;
                }
                progress.DayRead(day.Day);
            }
            return new CostReport(query.Range, zone, groupBy, aggregator.Rows(), aggregator.Total(),
                skipped + diagnostics.SkippedLines, fromSummaries, scanned);
        }

        private static bool SummariesCanAnswer(RecordFilter filter, IReadOnlyList<GroupKey> groupBy)
        {
            bool onlyLlmCalls = filter.EventTypes is null || filter.EventTypes.Count == 0
                || (filter.EventTypes.Count == 1 && filter.EventTypes[0] == Records.TelemetryRecord.LlmCallEvent);
            var plain = filter with { EventTypes = null };
            if (!plain.MatchesEverything || !onlyLlmCalls) return false;
            if (groupBy.Count == 0) return true;
            return groupBy.Count == 1 && (GroupKeys.IsTime(groupBy[0]) || GroupKeys.Dimension(groupBy[0]) is not null);
        }

        /// <summary>Summaries hold UTC hours; a local time key is exact only when the zone is a whole number of hours off UTC all day.</summary>
        private static bool ZoneFitsHours(IReadOnlyList<GroupKey> groupBy, TimeZoneInfo zone, DateTime utcDay)
        {
            if (groupBy.Count == 0 || !GroupKeys.IsTime(groupBy[0])) return true;
            var start = new DateTimeOffset(utcDay, TimeSpan.Zero);
            for (int h = 0; h <= 24; h += 6)
            {
                if (zone.GetUtcOffset(start.AddHours(Math.Min(h, 23))).Minutes != 0) return false;
            }
            return zone.GetUtcOffset(start).Minutes == 0;
        }

        /// <summary>
        /// A UTC day that falls into two local days (weeks, months): hours before and after the split are summed
        /// without their session lists, and each session is counted on the side(s) its first and last hour fall on.
        /// Returns false when the day does not split into exactly two runs.
        /// </summary>
        private static bool TryAddSplitDay(CostAggregator aggregator, DaySummary summary, DateTimeOffset dayStart, GroupKey key, TimeZoneInfo zone, string first)
        {
            int split = 1;
            while (split < 24 && GroupKeys.TimeValue(key, dayStart.AddHours(split), zone) == first) split++;
            string second = GroupKeys.TimeValue(key, dayStart.AddHours(split), zone);
            if (second != GroupKeys.TimeValue(key, dayStart.AddHours(23), zone)) return false;
            var before = new UsageTotals();
            var after = new UsageTotals();
            foreach (var hour in summary.Hours) (hour.Key < split ? before : after).Merge(hour.Value, includeSessions: false);
            foreach (var session in summary.SessionHours)
            {
                if (session.Value[0] < split) before.Sessions.Add(session.Key);
                if (session.Value[1] >= split) after.Sessions.Add(session.Key);
            }
            if (before.Events > 0) aggregator.AddTotals(new string?[] { first }, before);
            if (after.Events > 0) aggregator.AddTotals(new string?[] { second }, after);
            return true;
        }

        private static void AddSummary(CostAggregator aggregator, DaySummary summary, DateTime utcDay, IReadOnlyList<GroupKey> groupBy, TimeZoneInfo zone)
        {
            if (groupBy.Count == 0)
            {
                aggregator.AddTotals(Array.Empty<string?>(), summary.Totals);
                return;
            }
            var key = groupBy[0];
            if (GroupKeys.IsTime(key))
            {
                // Keys only grow with time, so equal first and last keys mean the whole UTC day is one group (any
                // month or week, or a day in UTC): one merge of the day's totals instead of 24 hourly ones.
                var dayStart = new DateTimeOffset(utcDay, TimeSpan.Zero);
                string first = GroupKeys.TimeValue(key, dayStart, zone);
                if (first == GroupKeys.TimeValue(key, dayStart.AddHours(23), zone))
                {
                    aggregator.AddTotals(new string?[] { first }, summary.Totals);
                    return;
                }
                if (key != GroupKey.Hour && TryAddSplitDay(aggregator, summary, dayStart, key, zone, first)) return;
                foreach (var hour in summary.Hours)
                {
                    var instant = new DateTimeOffset(utcDay.AddHours(hour.Key), TimeSpan.Zero);
                    aggregator.AddTotals(new string?[] { GroupKeys.TimeValue(key, instant, zone) }, hour.Value);
                }
                return;
            }
            foreach (var value in summary.By[GroupKeys.Dimension(key)!])
                aggregator.AddTotals(new string?[] { value.Key.Length == 0 ? null : value.Key }, value.Value);
        }
    }
}
