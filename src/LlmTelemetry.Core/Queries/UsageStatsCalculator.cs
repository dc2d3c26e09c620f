using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Queries
{
    /// <summary>
    /// Computes <see cref="UsageStats"/> from llm_call records and from the cells of day rollups: a raw day's cached
    /// one, or the history of a day whose raw records are gone. Totals, sessions, hours, weekdays and the top lists are
    /// exact either way: a cell keeps every field they group by, and its 15-minute slot lies inside one local hour in
    /// every time zone.
    /// </summary>
    /// <remarks>
    /// Latency percentiles (p50/p95/p99, and each name's p95) are exact nearest-rank values over the durations (read
    /// from the raw records, 8 bytes a call) while every day in the range has raw records. Once history days are
    /// counted, they come from one <see cref="LatencyHistogram"/> of the cells' latency buckets: the same call is
    /// picked, and its value is its bucket's geometric middle, so a percentile is at most 2.5% (√1.05 − 1) from the
    /// exact one, then rounded to 0.1 ms.
    /// </remarks>
    public sealed class UsageStatsCalculator
    {
        private static readonly string[] WeekdayNames = { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday" };

        private readonly TimeZoneInfo _zone;
        private readonly UsageTotals _totals = new UsageTotals();
        private readonly Latencies _latencies = new Latencies();
        private readonly long[] _hourCalls = new long[24];
        private readonly double[] _hourCost = new double[24];
        private readonly long[] _weekdayCalls = new long[7];
        private readonly double[] _weekdayCost = new double[7];
        private readonly Dictionary<string, NameStats> _models = new Dictionary<string, NameStats>(StringComparer.Ordinal);
        private readonly Dictionary<string, NameStats> _agents = new Dictionary<string, NameStats>(StringComparer.Ordinal);
        private readonly Dictionary<string, NameStats> _operations = new Dictionary<string, NameStats>(StringComparer.Ordinal);

        public UsageStatsCalculator(TimeZoneInfo? zone = null) => _zone = zone ?? TimeZoneInfo.Local;

        /// <summary>Latency buckets were counted (history, or every day's cells): percentiles come from the histogram.</summary>
        private bool FromHistogram => _latencies.Buckets.Count > 0;

        public void Add(TelemetryRecord r)
        {
            if (!r.IsLlmCall) return;
            try
            {
                _totals.Add(r);
            }
            catch (TotalOverflowException ex)
            {
                throw ex.In("all calls in the range");
            }
            AddSlot(r.Timestamp, 1, r.CostUsd ?? 0);
            Named(_models, r.Model, "model").Add(r);
            Named(_agents, r.AgentName, "agent").Add(r);
            Named(_operations, r.Operation, "operation").Add(r);
            AddDuration(r);
        }

        /// <summary>
        /// Adds one history cell (the dashboard's history days): its sums, and its latency buckets in place of the
        /// durations a rollup does not keep.
        /// </summary>
        internal void AddHistoryCell(RollupCell cell, TelemetryRecord prototype) => AddCell(cell, prototype, latency: true);

        /// <summary>Adds the cells of a rollup that <paramref name="filter"/> selects (null: all); with <paramref name="latency"/>, their latency buckets too.</summary>
        private void AddCells(DayRollup rollup, CompiledFilter? filter, bool latency)
        {
            foreach (var (cell, prototype) in rollup.CellsMatching(filter)) AddCell(cell, prototype, latency);
        }

        private void AddCell(RollupCell cell, TelemetryRecord prototype, bool latency)
        {
            if (!AddSums(cell, prototype) || !latency || cell.Latency is null) return;
            var histograms = new[]
            {
                _latencies.Buckets,
                Named(_models, prototype.Model, "model").Latencies.Buckets,
                Named(_agents, prototype.AgentName, "agent").Latencies.Buckets,
                Named(_operations, prototype.Operation, "operation").Latencies.Buckets,
            };
            foreach (var pair in cell.Latency)
                foreach (var histogram in histograms) histogram.AddBucket(pair.Key, pair.Value);
        }

        public UsageStats Build(DateRange? range = null, int top = 5, long skippedLines = 0)
        {
            bool histogram = FromHistogram;
            var latency = _latencies.Percentiles(histogram);
            var hours = Enumerable.Range(0, 24).Select(h => new TimeSlotCount(h, h.ToString("00", CultureInfo.InvariantCulture) + ":00", _hourCalls[h], _hourCost[h])).ToList();
            var weekdays = Enumerable.Range(0, 7).Select(w => new TimeSlotCount(w, WeekdayNames[w], _weekdayCalls[w], _weekdayCost[w])).ToList();
            return new UsageStats
            {
                Range = range,
                Calls = _totals.Calls,
                FailedCalls = _totals.FailedCalls,
                SuccessRate = _totals.SuccessRate,
                Sessions = _totals.Sessions.Count,
                InputTokens = _totals.InputTokens,
                OutputTokens = _totals.OutputTokens,
                CacheCreationInputTokens = _totals.CacheCreationInputTokens,
                CacheReadInputTokens = _totals.CacheReadInputTokens,
                ReasoningTokens = _totals.ReasoningTokens,
                TotalTokens = _totals.TotalTokens,
                CostUsd = _totals.CostUsd,
                UnpricedCalls = _totals.UnpricedCalls,
                AvgDurationMs = _totals.AvgDurationMs,
                P50DurationMs = latency(0.50),
                P95DurationMs = latency(0.95),
                P99DurationMs = latency(0.99),
                SlowestOperations = _operations.Values.Where(o => o.Latencies.Count > 0).Select(o => o.ToUsage(histogram))
                    .OrderByDescending(o => o.P95DurationMs).ThenByDescending(o => o.AvgDurationMs).Take(top).ToList(),
                Hours = hours,
                PeakHours = hours.Where(h => h.Calls > 0).OrderByDescending(h => h.Calls).ThenBy(h => h.Slot).Take(top).ToList(),
                Weekdays = weekdays,
                BusiestWeekday = _totals.Calls == 0 ? null : weekdays.OrderByDescending(w => w.Calls).ThenBy(w => w.Slot).First().Label,
                TopModels = Top(_models, top, histogram),
                TopAgents = Top(_agents, top, histogram),
                TopOperations = _operations.Values.Select(o => o.ToUsage(histogram)).OrderByDescending(o => o.Calls).ThenBy(o => o.Name, StringComparer.Ordinal).Take(top).ToList(),
                SkippedLines = skippedLines,
            };
        }

        /// <summary>Nearest-rank percentile of sorted values.</summary>
        public static double? Percentile(IReadOnlyList<long> sorted, double q)
        {
            if (sorted.Count == 0) return null;
            int rank = (int)Math.Ceiling(q * sorted.Count);
            return sorted[Math.Min(Math.Max(rank, 1), sorted.Count) - 1];
        }

        /// <summary>
        /// Computes the stats of what <paramref name="query"/> selects in its zone, across both tiers: every day is summed
        /// from rollup cells (a raw day's cached rollup, or its cells built from the records the range selects at its
        /// edges; a history day's rollup), in day and cell order, so archiving a day changes no total by a single
        /// rounding. See the class remarks for the percentiles. A text search or a record id cannot be asked of a
        /// history day; such days are left out and listed in <see cref="UsageStats.DaysNotSearched"/>.
        /// </summary>
        /// <remarks>
        /// The read checks the query's cancellation per day and every thousand lines, matching or not, so a front end's
        /// Ctrl+C stops a long read at once.
        /// </remarks>
        public static UsageStats Run(TelemetryStore store, RecordQuery query, int top = 5) => Run(store, query, top, null);

        internal static UsageStats Run(TelemetryStore store, RecordQuery query, int top, ScanReporter? progress)
        {
            if (store is null) throw new ArgumentNullException(nameof(store));
            if (query is null) throw new ArgumentNullException(nameof(query));
            // The order and paging of the query are the store's concern; stats cover every record the range and filter select.
            var compiled = query.Compile();
            var cancellation = query.Cancellation;
            var calculator = new UsageStatsCalculator(query.Zone);
            var diagnostics = new ReadDiagnostics();
            bool rollupsAnswer = query.Filter.RollupsCanAnswer;
            var days = TieredDays.Of(store, compiled, store.DaysOverlapping(compiled));
            // Exact percentiles need every call's duration, so raw days are read; once history is counted its buckets
            // are all there is, and raw days give theirs too (from cached rollups, without reading a record).
            bool exact = !rollupsAnswer || days.TrueForAll(d => d.Raw is not null);
            var notSearched = new List<DateTime>();
            long skipped = 0;
            foreach (var day in days)
            {
                cancellation.ThrowIfCancellationRequested();
                if (day.Raw is null)
                {
                    if (TieredDays.HistoryAnswering(store, day.Day, query.Filter, notSearched) is not { } history) continue;
                    calculator.AddCells(history, compiled, latency: true);
                    skipped += history.SkippedLines;
                    continue;
                }
                if (!exact && query.UseSummaries && rollupsAnswer && compiled.Covers(day.Day))
                {
                    // A whole raw day, percentiles from buckets: the cells its history will hold once its records are
                    // removed, read from its cached rollup without reading a record.
                    var rollup = store.Summaries.GetDay(day.Raw, cancellation);
                    calculator.AddCells(rollup, compiled, latency: true);
                    skipped += rollup.SkippedLines;
                }
                else
                {
                    // Exact percentiles need the durations, a range's edge cuts the day, or the filter needs records: the
                    // selected records, read once and summed into cells as the day's rollup holds them (the same cells in
                    // the same order, so the totals are those of the cached rollup to the bit). The read applied the
                    // whole filter (ids and text too), so every cell counts.
                    var records = store.ReadDay(day.Raw, compiled, diagnostics, cancellation);
                    calculator.AddCells(DayRollup.Build(day.Day, exact ? calculator.WithDurations(records) : records, ""), null, latency: !exact);
                }
                progress?.DayRead(day.Day);
            }
            return calculator.Build(query.Range, top, skipped + diagnostics.SkippedLines) with { DaysNotSearched = notSearched };
        }

        /// <summary>Adds a cell's sums (llm_call cells only, as <see cref="Add"/>); false for a cell of other events.</summary>
        private bool AddSums(RollupCell cell, TelemetryRecord prototype)
        {
            if (!prototype.IsLlmCall) return false;
            var totals = cell.Totals;
            try
            {
                _totals.Merge(totals);
            }
            catch (TotalOverflowException ex)
            {
                throw ex.In("all calls in the range");
            }
            AddSlot(prototype.Timestamp, totals.Calls, totals.CostUsd);
            Named(_models, prototype.Model, "model").Merge(totals);
            Named(_agents, prototype.AgentName, "agent").Merge(totals);
            Named(_operations, prototype.Operation, "operation").Merge(totals);
            return true;
        }

        /// <summary>
        /// Counts calls and cost in the local hour and weekday of <paramref name="at"/>. Parts of the total just checked:
        /// with costs ≥ 0 (the validator's rule) they cannot overflow where it did not.
        /// </summary>
        private void AddSlot(DateTimeOffset at, long calls, double cost)
        {
            var local = TimeZoneInfo.ConvertTime(at, _zone);
            _hourCalls[local.Hour] += calls;
            _hourCost[local.Hour] += cost;
            int weekday = ((int)local.DayOfWeek + 6) % 7;
            _weekdayCalls[weekday] += calls;
            _weekdayCost[weekday] += cost;
        }

        /// <summary>The records as they are, their calls' durations kept on the way.</summary>
        private IEnumerable<TelemetryRecord> WithDurations(IEnumerable<TelemetryRecord> records)
        {
            foreach (var r in records)
            {
                if (r.IsLlmCall) AddDuration(r);
                yield return r;
            }
        }

        private void AddDuration(TelemetryRecord r)
        {
            if (r.DurationMs is not long d) return;
            _latencies.Exact.Add(d);
            Named(_models, r.Model, "model").Latencies.Exact.Add(d);
            Named(_agents, r.AgentName, "agent").Latencies.Exact.Add(d);
            Named(_operations, r.Operation, "operation").Latencies.Exact.Add(d);
        }

        private static IReadOnlyList<NamedUsage> Top(Dictionary<string, NameStats> map, int top, bool histogram)
            => map.Values.Select(n => n.ToUsage(histogram)).OrderByDescending(n => n.CostUsd).ThenByDescending(n => n.Calls).ThenBy(n => n.Name, StringComparer.Ordinal).Take(top).ToList();

        private static NameStats Named(Dictionary<string, NameStats> map, string? name, string dimension)
        {
            string key = name ?? "";
            if (!map.TryGetValue(key, out var stats)) map[key] = stats = new NameStats(name, dimension);
            return stats;
        }

        /// <summary>The durations of raw calls (exact), and the latency buckets of rollup cells.</summary>
        private sealed class Latencies
        {
            public List<long> Exact { get; } = new List<long>();
            public LatencyHistogram Buckets { get; } = new LatencyHistogram();
            public long Count => Exact.Count + Buckets.Count;

            /// <summary>Exact nearest-rank percentiles, or the histogram's of both kinds together.</summary>
            public Func<double, double?> Percentiles(bool histogram)
            {
                if (histogram)
                {
                    var merged = new LatencyHistogram();
                    merged.Merge(Buckets);
                    foreach (var d in Exact) merged.Add(d);
                    return merged.Percentile;
                }
                var sorted = Exact.ToArray();
                Array.Sort(sorted);
                return q => Percentile(sorted, q);
            }
        }

        private sealed class NameStats
        {
            private readonly UsageTotals _totals = new UsageTotals();

            private readonly string _dimension;

            public NameStats(string? name, string dimension)
            {
                Name = name;
                _dimension = dimension;
            }

            public string? Name { get; }
            public Latencies Latencies { get; } = new Latencies();

            public void Add(TelemetryRecord r)
            {
                try
                {
                    _totals.Add(r);
                }
                catch (TotalOverflowException ex)
                {
                    throw ex.In(Describe());
                }
            }

            public void Merge(UsageTotals totals)
            {
                try
                {
                    _totals.Merge(totals);
                }
                catch (TotalOverflowException ex)
                {
                    throw ex.In(Describe());
                }
            }

            public NamedUsage ToUsage(bool histogram)
                => new NamedUsage(Name, _totals.Calls, _totals.FailedCalls, _totals.TotalTokens, _totals.CostUsd, _totals.UnpricedCalls, _totals.AvgDurationMs,
                    Latencies.Percentiles(histogram)(0.95));

            private string Describe() => _dimension + "=" + (Name ?? "(none)");
        }
    }
}
