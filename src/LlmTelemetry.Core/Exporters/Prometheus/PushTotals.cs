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
    /// The store's cumulative totals per series, every day the store knows: raw days from their cached rollups, history
    /// days from theirs, so no record is read where a rollup answers (today's rollup is built from its records, as every
    /// report builds it). The cells are the ones cost and usage reports sum, so the pushed counters equal what `costs`
    /// reports for all time. The days before today come through <see cref="PushTotalsCache"/>.
    /// </summary>
    internal static class PushTotals
    {
        /// <summary>The series, sorted by their label values, hosts hashed by <paramref name="anonymizer"/>; the cancellation is checked per day.</summary>
        public static IReadOnlyList<PushSeries> Of(TelemetryStore store, ShipAnonymizer anonymizer, CancellationToken cancellation)
        {
            if (store is null) throw new ArgumentNullException(nameof(store));
            if (anonymizer is null) throw new ArgumentNullException(nameof(anonymizer));
            var days = TieredDays.Of(store, RecordQuery.All.Compile(), store.Days());
            var today = store.TodayUtc;
            // Today (and a day ahead of this machine's clock) is still being written: summed on every push, never cached.
            var closed = days.Where(d => d.Day < today).ToList();
            var sum = new Dictionary<string, PushSeries>(StringComparer.Ordinal);
            try
            {
                MergeInto(sum, new PushTotalsCache(store).Closed(closed, cancellation));
                foreach (var day in days.Where(d => d.Day >= today))
                {
                    cancellation.ThrowIfCancellationRequested();
                    MergeInto(sum, OfRollup(RollupOf(store, day, cancellation)));
                }
            }
            catch (TotalOverflowException ex)
            {
                throw ex.In("the Pushgateway totals");
            }
            if (!anonymizer.Enabled) return Sorted(sum.Values);
            // Hashed last, so the cache keeps names as recorded and one cache serves every salt.
            var hashed = new Dictionary<string, PushSeries>(StringComparer.Ordinal);
            MergeInto(hashed, sum.Values.Select(s => s.WithHost(anonymizer.Hash(s.Host) ?? "")));
            return Sorted(hashed.Values);
        }

        internal static DayRollup RollupOf(TelemetryStore store, TieredDay day, CancellationToken cancellation)
            => day.Raw is null ? store.History.Read(day.Day) : store.Summaries.GetDay(day.Raw, cancellation);

        /// <summary>One day's series: its llm_call cells summed per label set.</summary>
        internal static List<PushSeries> OfRollup(DayRollup rollup)
        {
            var series = new Dictionary<string, PushSeries>(StringComparer.Ordinal);
            try
            {
                foreach (var cell in rollup.Cells)
                {
                    if (!cell.IsLlmCall) continue;
                    var one = PushSeries.For(cell);
                    if (series.TryGetValue(one.Key, out var found)) one = found;
                    else series[one.Key] = one;
                    one.Add(cell);
                }
            }
            catch (TotalOverflowException ex)
            {
                throw ex.In("the day " + rollup.Day + " (UTC)");
            }
            return Sorted(series.Values);
        }

        internal static void MergeInto(Dictionary<string, PushSeries> sum, IEnumerable<PushSeries> series)
        {
            foreach (var s in series)
            {
                if (sum.TryGetValue(s.Key, out var found)) found.Merge(s);
                else sum[s.Key] = new PushSeries { Labels = s.Labels, Counts = (long[])s.Counts.Clone(), CostUsd = s.CostUsd };
            }
        }

        internal static List<PushSeries> Sorted(IEnumerable<PushSeries> series) => series.OrderBy(s => s.Key, StringComparer.Ordinal).ToList();
    }
}
