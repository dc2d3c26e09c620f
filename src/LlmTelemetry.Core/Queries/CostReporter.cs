using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Queries
{
    /// <summary>
    /// Answers cost queries from the store, across both tiers. A day with raw records is answered from its cached
    /// rollup, whatever the grouping and filter (cells hold every field they use), when the range takes it whole or
    /// cuts it on a 15-minute slot boundary (any local midnight); a raw day cut elsewhere, or a query that names
    /// record ids or searches text, is scanned record by record. A day whose raw records are gone is answered from its
    /// history rollup, at 15-minute resolution at the range's edges; a text search or an id filter cannot be asked of
    /// it, and the report lists it instead.
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
            bool rollupsAnswer = query.Filter.RollupsCanAnswer;
            var notSearched = new List<DateTime>();
            int fromRollups = 0, scanned = 0;
            long skipped = 0;

            var tiered = TieredDays.Of(store, compiled, days);
            var historyDays = rollupsAnswer ? tiered.Where(d => d.Raw is null).Select(d => d.Day).ToList() : new List<DateTime>();
            using var prefetch = historyDays.Count > 1 ? new HistoryPrefetch(store.History, historyDays, cancellation) : null;
            foreach (var day in tiered)
            {
                cancellation.ThrowIfCancellationRequested();
                if (day.Raw is null)
                {
                    if (!rollupsAnswer)
                    {
                        notSearched.Add(day.Day);
                        continue;
                    }
                    var history = prefetch?.Next(day.Day, cancellation) ?? store.History.Read(day.Day);
                    AddCells(aggregator, history, compiled);
                    skipped += history.SkippedLines;
                    fromRollups++;
                }
                else if (query.UseSummaries && rollupsAnswer && compiled.CutsOnSlots(day.Day))
                {
                    // A raw day the range takes whole, or cuts at slot boundaries (a local midnight): its cached rollup
                    // selects what a scan would, summed in the same cell order as the day's history will be once its
                    // raw records are removed, so the answer does not change then, to the last bit of the cost.
                    var rollup = store.Summaries.GetDay(day.Raw, cancellation);
                    AddCells(aggregator, rollup, compiled);
                    skipped += rollup.SkippedLines;
                    fromRollups++;
                    progress.DayRead(day.Day);
                }
                else
                {
                    aggregator.AddRange(store.ReadDay(day.Raw, compiled, diagnostics, cancellation));
                    scanned++;
                    progress.DayRead(day.Day);
                }
            }
            return new CostReport(query.Range, zone, groupBy, aggregator.Rows(), aggregator.Total(),
                skipped + diagnostics.SkippedLines, fromRollups, scanned) { DaysNotSearched = notSearched };
        }

        /// <summary>The cells the filter selects (their slot inside the range, their fields matching), each into its group.</summary>
        private static void AddCells(CostAggregator aggregator, DayRollup rollup, CompiledFilter filter)
        {
            var day = rollup.UtcDay;
            // When every cell counts, no prototype record is built to test it (a yearly report adds 60,000 cells).
            bool all = filter.TakesWholeDay(day);
            foreach (var cell in rollup.Cells)
                if (all || filter.MatchesCell(cell, day)) aggregator.AddCell(cell, day);
        }
    }
}
