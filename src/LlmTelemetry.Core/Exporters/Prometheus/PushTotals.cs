using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LlmTelemetry.Exporters.Shipping;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Exporters.Prometheus
{
    /// <summary>
    /// The store's cumulative totals per series: every day the store knows, raw days from their cached rollups and
    /// history days from theirs, so no record is read where a rollup answers (today's rollup is built from its
    /// records, as every report builds it). The cells are the ones cost and usage reports sum, so the pushed counters
    /// equal what `costs` reports for all time.
    /// </summary>
    internal static class PushTotals
    {
        /// <summary>The series, sorted by their label values; the cancellation is checked per day.</summary>
        public static IReadOnlyList<PushSeries> Of(TelemetryStore store, ShipAnonymizer anonymizer, CancellationToken cancellation)
        {
            if (store is null) throw new ArgumentNullException(nameof(store));
            if (anonymizer is null) throw new ArgumentNullException(nameof(anonymizer));
            var days = TieredDays.Of(store, RecordQuery.All.Compile(), store.Days());
            var series = new Dictionary<string, PushSeries>(StringComparer.Ordinal);
            var historyDays = days.Where(d => d.Raw is null).Select(d => d.Day).ToList();
            using var prefetch = historyDays.Count > 1 ? new HistoryPrefetch(store.History, historyDays, cancellation) : null;
            foreach (var day in days)
            {
                cancellation.ThrowIfCancellationRequested();
                var rollup = day.Raw is null
                    ? prefetch?.Next(day.Day, cancellation) ?? store.History.Read(day.Day)
                    : store.Summaries.GetDay(day.Raw, cancellation);
                foreach (var cell in rollup.Cells)
                {
                    if (!cell.IsLlmCall) continue;
                    var one = SeriesOf(series, cell, anonymizer);
                    try
                    {
                        // Sessions are not a metric: leaving them out keeps a year of cells from building a set.
                        one.Totals.Merge(cell.Totals, includeSessions: false);
                    }
                    catch (TotalOverflowException ex)
                    {
                        throw ex.In("the Pushgateway series of model " + one.Model);
                    }
                    if (cell.Latency is { } latency)
                        foreach (var pair in latency) one.Latency.AddBucket(pair.Key, pair.Value);
                }
            }
            return series.Values.OrderBy(s => string.Join("\u001f", s.LabelValues), StringComparer.Ordinal).ToList();
        }

        private static PushSeries SeriesOf(Dictionary<string, PushSeries> series, RollupCell cell, ShipAnonymizer anonymizer)
        {
            string host = anonymizer.Hash(cell.Host) ?? "";
            // The label values are the key: a name Prometheus shows as empty and a missing one are one series there.
            string key = string.Join("\u001f", cell.Model ?? "", cell.Provider ?? "", cell.Agent ?? "", cell.Project ?? "", host);
            if (!series.TryGetValue(key, out var found))
                series[key] = found = new PushSeries(cell.Model ?? "", cell.Provider ?? "", cell.Agent ?? "", cell.Project ?? "", host);
            return found;
        }
    }
}
