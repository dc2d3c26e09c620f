using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Queries
{
    /// <summary>Computes <see cref="UsageStats"/> from llm_call records with exact percentiles (durations are kept, 8 bytes a call).</summary>
    public sealed class UsageStatsCalculator
    {
        private static readonly string[] WeekdayNames = { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday" };

        private readonly TimeZoneInfo _zone;
        private readonly UsageTotals _totals = new UsageTotals();
        private readonly List<long> _durations = new List<long>();
        private readonly long[] _hourCalls = new long[24];
        private readonly double[] _hourCost = new double[24];
        private readonly long[] _weekdayCalls = new long[7];
        private readonly double[] _weekdayCost = new double[7];
        private readonly Dictionary<string, NameStats> _models = new Dictionary<string, NameStats>(StringComparer.Ordinal);
        private readonly Dictionary<string, NameStats> _agents = new Dictionary<string, NameStats>(StringComparer.Ordinal);
        private readonly Dictionary<string, NameStats> _operations = new Dictionary<string, NameStats>(StringComparer.Ordinal);

        public UsageStatsCalculator(TimeZoneInfo? zone = null) => _zone = zone ?? TimeZoneInfo.Local;

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
            if (r.DurationMs is long d) _durations.Add(d);
            var local = TimeZoneInfo.ConvertTime(r.Timestamp, _zone);
            // Parts of the total just checked: with costs ≥ 0 (the validator's rule) they cannot overflow where it did not.
            _hourCalls[local.Hour]++;
            _hourCost[local.Hour] += r.CostUsd ?? 0;
            int weekday = ((int)local.DayOfWeek + 6) % 7;
            _weekdayCalls[weekday]++;
            _weekdayCost[weekday] += r.CostUsd ?? 0;
            Named(_models, r.Model, "model").Add(r);
            Named(_agents, r.AgentName, "agent").Add(r);
            Named(_operations, r.Operation, "operation").Add(r);
        }

        public UsageStats Build(DateRange? range = null, int top = 5, long skippedLines = 0)
        {
            var sorted = _durations.ToArray();
            Array.Sort(sorted);
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
                P50DurationMs = Percentile(sorted, 0.50),
                P95DurationMs = Percentile(sorted, 0.95),
                P99DurationMs = Percentile(sorted, 0.99),
                SlowestOperations = _operations.Values.Where(o => o.Durations.Count > 0).Select(o => o.ToUsage())
                    .OrderByDescending(o => o.P95DurationMs).ThenByDescending(o => o.AvgDurationMs).Take(top).ToList(),
                Hours = hours,
                PeakHours = hours.Where(h => h.Calls > 0).OrderByDescending(h => h.Calls).ThenBy(h => h.Slot).Take(top).ToList(),
                Weekdays = weekdays,
                BusiestWeekday = _totals.Calls == 0 ? null : weekdays.OrderByDescending(w => w.Calls).ThenBy(w => w.Slot).First().Label,
                TopModels = Top(_models, top),
                TopAgents = Top(_agents, top),
                TopOperations = _operations.Values.Select(o => o.ToUsage()).OrderByDescending(o => o.Calls).ThenBy(o => o.Name, StringComparer.Ordinal).Take(top).ToList(),
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

        /// <summary>Reads the records <paramref name="query"/> selects and computes the stats in its zone.</summary>
        /// <remarks>
        /// The read checks the query's cancellation every thousand lines, matching or not, so a front end's Ctrl+C
        /// stops a long read at once.
        /// </remarks>
        public static UsageStats Run(TelemetryStore store, RecordQuery query, int top = 5) => Run(store, query, top, null);

        internal static UsageStats Run(TelemetryStore store, RecordQuery query, int top, ScanReporter? progress)
        {
            if (store is null) throw new ArgumentNullException(nameof(store));
            if (query is null) throw new ArgumentNullException(nameof(query));
            var calculator = new UsageStatsCalculator(query.Zone);
            var diagnostics = new ReadDiagnostics();
            // The order and paging of the query are the store's concern; stats cover every record the range and filter select.
            foreach (var r in store.Query(query with { NewestFirst = false, Skip = 0, Limit = null }, diagnostics, progress)) calculator.Add(r);
            return calculator.Build(query.Range, top, diagnostics.SkippedLines);
        }

        private static IReadOnlyList<NamedUsage> Top(Dictionary<string, NameStats> map, int top)
            => map.Values.Select(n => n.ToUsage()).OrderByDescending(n => n.CostUsd).ThenByDescending(n => n.Calls).ThenBy(n => n.Name, StringComparer.Ordinal).Take(top).ToList();

        private static NameStats Named(Dictionary<string, NameStats> map, string? name, string dimension)
        {
            string key = name ?? "";
            if (!map.TryGetValue(key, out var stats)) map[key] = stats = new NameStats(name, dimension);
            return stats;
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
            public List<long> Durations { get; } = new List<long>();

            public void Add(TelemetryRecord r)
            {
                try
                {
                    _totals.Add(r);
                }
                catch (TotalOverflowException ex)
                {
                    throw ex.In(_dimension + "=" + (Name ?? "(none)"));
                }
                if (r.DurationMs is long d) Durations.Add(d);
            }

            public NamedUsage ToUsage()
            {
                var sorted = Durations.ToArray();
                Array.Sort(sorted);
                return new NamedUsage(Name, _totals.Calls, _totals.FailedCalls, _totals.TotalTokens, _totals.CostUsd, _totals.UnpricedCalls, _totals.AvgDurationMs, Percentile(sorted, 0.95));
            }
        }
    }
}
