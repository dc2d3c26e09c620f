using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Exporters
{
    /// <summary>
    /// Everything the dashboard shows, computed with the core's reporters over the whole range (never from the
    /// capped event list): cost totals from <see cref="CostReporter"/> (so the cards equal Get-LlmCost, and day
    /// summaries answer them cheaply), breakdowns from <see cref="CostAggregator"/>s and latency percentiles from
    /// <see cref="UsageStatsCalculator"/> fed by one scan that also collects the table's events, and the same totals
    /// for the previous period of equal length. Days whose raw records are gone count in every total and chart from
    /// their history rollup; the table can only list raw records, and the page says from which day on
    /// (<see cref="ListingCoverage"/>).
    /// </summary>
    internal sealed class HtmlReportData
    {
        /// <summary>Series drawn by name in the cost-per-day chart; the rest are summed as "other" so colours stay distinguishable.</summary>
        internal const int MaxSeries = 7;

        /// <summary>Names listed in a share chart before the rest are summed as "other".</summary>
        internal const int MaxShares = 8;

        internal const int LatencyBins = 30;
        internal const string None = "(none)";
        internal const string Other = "(other)";

        private HtmlReportData(HtmlReportRequest request) => Request = request;

        public HtmlReportRequest Request { get; }
        public DateRange PreviousRange { get; private set; } = null!;
        public CostReport Cost { get; private set; } = null!;
        public CostReport PreviousCost { get; private set; } = null!;
        public UsageStats Stats { get; private set; } = null!;
        public UsageStats PreviousStats { get; private set; } = null!;
        public CostAggregator ByDayModel { get; private set; } = null!;
        public CostAggregator ByModel { get; private set; } = null!;
        public CostAggregator ByAgent { get; private set; } = null!;
        public CostAggregator ByProject { get; private set; } = null!;
        public CostAggregator ByHour { get; private set; } = null!;
        public List<TelemetryRecord> Events { get; } = new List<TelemetryRecord>();
        public long EventsTotal { get; private set; }
        public long SkippedLines { get; private set; }

        /// <summary>The history days of the range, which the table cannot list.</summary>
        public ListingCoverage Coverage { get; private set; } = null!;

        /// <summary>History days of the range a text search or an id filter could not be asked of (left out of the page).</summary>
        public List<DateTime> DaysNotSearched { get; } = new List<DateTime>();

        private readonly List<long> _durations = new List<long>();
        private readonly LatencyHistogram _historyLatency = new LatencyHistogram();

        public static string DefaultTitle(DateRange range) => "LLM telemetry " + range.SinceText + " to " + range.UntilText;

        /// <summary>
        /// Reads the store in four passes (costs and stats, this period and the previous one), all checking the
        /// query's cancellation; <paramref name="progress"/> counts the day reads of all four as one total.
        /// </summary>
        public static HtmlReportData Build(TelemetryStore store, HtmlReportRequest request, IProgress<ScanProgress>? progress = null)
        {
            var d = new HtmlReportData(request);
            var zone = request.Query.Zone;
            var range = request.Range;
            // A range reaching back to 1970 has a previous period before any record; it is clamped to year 2 so that its
            // local midnights stay representable in every zone (a span of millennia would step past DateTime.MinValue).
            var earliest = new DateTime(2, 1, 1);
            var previousSince = (range.Since - earliest).TotalDays > range.DayCount ? range.Since.AddDays(-range.DayCount) : earliest;
            d.PreviousRange = new DateRange(previousSince, range.Since.AddDays(-1), range.Zone);
            // The page's own order: the table wants the newest events, and every aggregate covers the whole range.
            var current = request.Query with { Zone = zone, NewestFirst = true, Skip = 0, Limit = null };
            var previous = current with { Range = d.PreviousRange };
            var currentDays = CostReporter.DaysRead(store, current);
            var previousDays = CostReporter.DaysRead(store, previous);
            // The cost and the stats pass of a period read the same day folders.
            var reporter = new ScanReporter(progress, 2 * (currentDays.Count + previousDays.Count));

            d.Cost = CostReporter.Run(store, current, Array.Empty<GroupKey>(), currentDays, reporter);
            d.PreviousCost = CostReporter.Run(store, previous, Array.Empty<GroupKey>(), previousDays, reporter);
            // One newest-first scan (a CostReporter run per breakdown would read the range five more times): the table's
            // events up to the cap, the breakdowns, the exact stats and the latency histogram.
            CostAggregator By(params GroupKey[] keys) => new CostAggregator(keys, zone);
            var breakdowns = new[]
            {
                d.ByDayModel = By(GroupKey.Day, GroupKey.Model),
                d.ByModel = By(GroupKey.Model),
                d.ByAgent = By(GroupKey.Agent),
                d.ByProject = By(GroupKey.Project),
                d.ByHour = By(GroupKey.Hour),
            };
            var calculator = new UsageStatsCalculator(zone);
            var diagnostics = new ReadDiagnostics();
            foreach (var r in store.Query(current, diagnostics, reporter))
            {
                d.EventsTotal++;
                if (d.Events.Count < request.MaxEvents) d.Events.Add(r);
                foreach (var b in breakdowns) b.Add(r);
                calculator.Add(r);
                if (r.IsLlmCall && r.DurationMs is long ms) d._durations.Add(ms);
            }
            d.SkippedLines = diagnostics.SkippedLines + d.AddHistory(store, current, breakdowns, calculator);
            d.Coverage = ListingCoverage.Of(store, current);
            d.Stats = calculator.Build(range, top: 10, skippedLines: d.SkippedLines) with { DaysNotSearched = d.DaysNotSearched };
            d.PreviousStats = UsageStatsCalculator.Run(store, previous, top: 1, reporter);
            return d;
        }

        /// <summary>
        /// Adds the range's history days (their raw records are gone) to the breakdowns, the stats and the latency chart,
        /// cell by cell; returns the unreadable lines their rollups recorded when they were built.
        /// </summary>
        private long AddHistory(TelemetryStore store, RecordQuery query, CostAggregator[] breakdowns, UsageStatsCalculator calculator)
        {
            var compiled = query.Compile();
            long skipped = 0;
            foreach (var day in TieredDays.HistoryOverlapping(store, compiled))
            {
                query.Cancellation.ThrowIfCancellationRequested();
                if (TieredDays.HistoryAnswering(store, day, query.Filter, DaysNotSearched) is not { } history) continue;
                foreach (var (cell, prototype) in history.CellsMatching(compiled))
                {
                    foreach (var b in breakdowns) b.AddCell(cell, day);
                    calculator.AddHistoryCell(cell, prototype);
                    if (prototype.IsLlmCall && cell.Latency is { } latency)
                        foreach (var pair in latency) _historyLatency.AddBucket(pair.Key, pair.Value);
                }
                skipped += history.SkippedLines;
            }
            return skipped;
        }

        /// <summary>The report block's JSON (relaxed UTF-8; the writer escapes it for HTML).</summary>
        public byte[] ReportJson(string title)
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer, HtmlReportWriter.JsonOptions))
            {
                var zone = Request.Query.Zone;
                w.WriteStartObject();
                w.WriteNumber("schema", 1);
                w.WriteString("title", title);
                w.WriteString("generated", TimeZoneInfo.ConvertTime(Request.Now ?? DateTimeOffset.UtcNow, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture));
                w.WriteString("zone", TimeZones.Name(zone));
                WriteRange(w, "range", Request.Range);
                WriteRange(w, "previous_range", PreviousRange);
                w.WriteStartObject("events");
                w.WriteNumber("embedded", Events.Count);
                w.WriteNumber("total", EventsTotal);
                w.WriteNumber("max", Request.MaxEvents);
                w.WriteBoolean("capped", EventsTotal > Events.Count);
                w.WriteEndObject();
                w.WriteNumber("skipped_lines", SkippedLines);
                WriteHistory(w);
                WriteTotals(w, "current", Cost.Total, Stats);
                WriteTotals(w, "previous", PreviousCost.Total, PreviousStats);
                WriteDaily(w);
                WriteShares(w, "by_model", ByModel);
                WriteShares(w, "by_agent", ByAgent);
                WriteShares(w, "by_project", ByProject);
                WriteHeatmap(w);
                WriteLatency(w);
                w.WriteStartArray("columns");
                foreach (var c in FlatRecord.Columns) w.WriteStringValue(c);
                w.WriteEndArray();
                w.WriteStartArray("number_columns");
                foreach (var i in FlatRecord.NumberColumns) w.WriteNumberValue(i);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            return buffer.ToArray();
        }

        /// <summary>
        /// Only when the range reaches history days (so pages of stores without history stay as they were): the
        /// core's notices, which the page completes with what they mean for its cards and its table.
        /// </summary>
        private void WriteHistory(Utf8JsonWriter w)
        {
            if (Coverage.Notice is not string listing) return;
            w.WriteStartObject("history");
            w.WriteNumber("days", Coverage.HistoryDays.Count);
            if (Coverage.FirstRawDay is DateTime first) w.WriteString("raw_from", DayPartition.Name(first)); else w.WriteNull("raw_from");
            w.WriteString("listing", listing);
            if (HistoryNotices.NotSearched(DaysNotSearched) is string notSearched) w.WriteString("not_searched", notSearched); else w.WriteNull("not_searched");
            w.WriteEndObject();
        }

        private static void WriteRange(Utf8JsonWriter w, string name, DateRange range)
        {
            w.WriteStartObject(name);
            w.WriteString("since", range.SinceText);
            w.WriteString("until", range.UntilText);
            w.WriteNumber("days", range.DayCount);
            w.WriteEndObject();
        }

        private static void WriteTotals(Utf8JsonWriter w, string name, CostRow t, UsageStats s)
        {
            w.WriteStartObject(name);
            w.WriteNumber("cost_usd", t.CostUsd);
            w.WriteNumber("calls", t.Calls);
            w.WriteNumber("failed_calls", t.FailedCalls);
            if (t.Calls > 0) w.WriteNumber("success_rate", (double)(t.Calls - t.FailedCalls) / t.Calls); else w.WriteNull("success_rate");
            w.WriteNumber("input_tokens", t.InputTokens);
            w.WriteNumber("output_tokens", t.OutputTokens);
            w.WriteNumber("cache_creation_input_tokens", t.CacheCreationInputTokens);
            w.WriteNumber("cache_read_input_tokens", t.CacheReadInputTokens);
            w.WriteNumber("total_tokens", t.TotalTokens);
            w.WriteNumber("unpriced_calls", t.UnpricedCalls);
            w.WriteNumber("sessions", t.Sessions);
            Nullable(w, "p50_ms", s.P50DurationMs);
            Nullable(w, "p95_ms", s.P95DurationMs);
            Nullable(w, "p99_ms", s.P99DurationMs);
            w.WriteEndObject();
        }

        private static void Nullable(Utf8JsonWriter w, string name, double? value)
        {
            if (value is double v) w.WriteNumber(name, v); else w.WriteNull(name);
        }

        /// <summary>Cost per local day stacked by model: every day of the range (zero days too), the costliest models by name.</summary>
        private void WriteDaily(Utf8JsonWriter w)
        {
            var range = Request.Range;
            var days = Enumerable.Range(0, range.DayCount).Select(i => range.Since.AddDays(i).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).ToList();
            var dayIndex = days.Select((d, i) => (d, i)).ToDictionary(x => x.d, x => x.i, StringComparer.Ordinal);
            var byModel = ByModel.Rows();
            var named = byModel.Select(r => r.ValueOf(GroupKey.Model) ?? None).Take(MaxSeries).ToList();
            bool hasOther = byModel.Count > MaxSeries;
            var series = named.Concat(hasOther ? new[] { Other } : Array.Empty<string>()).ToList();
            var cost = series.Select(_ => new double[days.Count]).ToArray();
            var calls = series.Select(_ => new long[days.Count]).ToArray();
            foreach (var row in ByDayModel.Rows())
            {
                if (!dayIndex.TryGetValue(row.ValueOf(GroupKey.Day) ?? "", out int day)) continue;
                int s = named.IndexOf(row.ValueOf(GroupKey.Model) ?? None);
                if (s < 0) s = series.Count - 1;
                cost[s][day] += row.CostUsd;
                calls[s][day] += row.Calls;
            }
            w.WriteStartObject("daily");
            w.WriteStartArray("days");
            foreach (var d in days) w.WriteStringValue(d);
            w.WriteEndArray();
            w.WriteStartArray("series");
            for (int s = 0; s < series.Count; s++)
            {
                w.WriteStartObject();
                w.WriteString("name", series[s]);
                w.WriteStartArray("cost_usd");
                foreach (var v in cost[s]) w.WriteNumberValue(v);
                w.WriteEndArray();
                w.WriteStartArray("calls");
                foreach (var v in calls[s]) w.WriteNumberValue(v);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }

        private static void WriteShares(Utf8JsonWriter w, string name, CostAggregator breakdown)
        {
            w.WriteStartArray(name);
            var rows = breakdown.Rows();
            for (int i = 0; i < rows.Count && i < MaxShares; i++)
                WriteShare(w, rows[i].Key[0].Value ?? None, rows[i].CostUsd, rows[i].Calls, rows[i].UnpricedCalls);
            if (rows.Count > MaxShares)
            {
                var rest = rows.Skip(MaxShares).ToList();
                WriteShare(w, Other, rest.Sum(r => r.CostUsd), rest.Sum(r => r.Calls), rest.Sum(r => r.UnpricedCalls));
            }
            w.WriteEndArray();
        }

        private static void WriteShare(Utf8JsonWriter w, string name, double cost, long calls, long unpriced)
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteNumber("cost_usd", cost);
            w.WriteNumber("calls", calls);
            w.WriteNumber("unpriced_calls", unpriced);
            w.WriteEndObject();
        }

        /// <summary>Weekday (Monday first) × local hour, from the hourly cost report: its keys are local "yyyy-MM-dd HH:00".</summary>
        private void WriteHeatmap(Utf8JsonWriter w)
        {
            var calls = new long[7, 24];
            var cost = new double[7, 24];
            foreach (var row in ByHour.Rows())
            {
                var text = row.ValueOf(GroupKey.Hour);
                if (text is null || !DateTime.TryParseExact(text, "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var at)) continue;
                int weekday = ((int)at.DayOfWeek + 6) % 7;
                calls[weekday, at.Hour] += row.Calls;
                cost[weekday, at.Hour] += row.CostUsd;
            }
            w.WriteStartObject("heatmap");
            w.WriteStartArray("calls");
            for (int d = 0; d < 7; d++)
            {
                w.WriteStartArray();
                for (int h = 0; h < 24; h++) w.WriteNumberValue(calls[d, h]);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteStartArray("cost_usd");
            for (int d = 0; d < 7; d++)
            {
                w.WriteStartArray();
                for (int h = 0; h < 24; h++) w.WriteNumberValue(cost[d, h]);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }

        /// <summary>
        /// Call durations in log-spaced bins (latencies span milliseconds to minutes), with the percentiles from
        /// <see cref="UsageStatsCalculator"/> for the markers. A history day's calls count at their latency bucket's
        /// middle (within 2.5% of their duration), as in the percentiles.
        /// </summary>
        private void WriteLatency(Utf8JsonWriter w)
        {
            var values = new List<(double Value, long Count)>(_durations.Count + _historyLatency.Buckets.Count);
            foreach (var ms in _durations) values.Add((ms, 1));
            foreach (var pair in _historyLatency.Buckets) values.Add((LatencyHistogram.BucketValue(pair.Key), pair.Value));
            w.WriteStartObject("latency");
            w.WriteNumber("count", _durations.Count + _historyLatency.Count);
            Nullable(w, "p50_ms", Stats.P50DurationMs);
            Nullable(w, "p95_ms", Stats.P95DurationMs);
            Nullable(w, "p99_ms", Stats.P99DurationMs);
            w.WriteStartArray("bins");
            foreach (var (low, high, count) in Bins(values, LatencyBins))
            {
                w.WriteStartObject();
                w.WriteNumber("low_ms", low);
                w.WriteNumber("high_ms", high);
                w.WriteNumber("count", count);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }

        /// <summary>Log-spaced bins [low, high) covering every value (0 ms counts as 1 ms); the last bin includes its upper edge.</summary>
        internal static IReadOnlyList<(double Low, double High, long Count)> Bins(IReadOnlyList<long> values, int binCount)
            => Bins(values.Select(v => ((double)v, 1L)).ToList(), binCount);

        /// <summary>As <see cref="Bins(IReadOnlyList{long}, int)"/>, each value standing for <c>Count</c> calls (a latency bucket and its calls).</summary>
        internal static IReadOnlyList<(double Low, double High, long Count)> Bins(IReadOnlyList<(double Value, long Count)> values, int binCount)
        {
            if (values.Count == 0) return Array.Empty<(double, double, long)>();
            double min = Math.Max(1, values.Min(v => v.Value)), max = Math.Max(1, values.Max(v => v.Value));
            if (max <= min) return new[] { (min, min, values.Sum(v => v.Count)) };
            double logMin = Math.Log(min), step = (Math.Log(max) - logMin) / binCount;
            var counts = new long[binCount];
            foreach (var (v, n) in values)
            {
                int bin = (int)Math.Floor((Math.Log(Math.Max(1, v)) - logMin) / step);
                counts[Math.Min(Math.Max(bin, 0), binCount - 1)] += n;
            }
            return Enumerable.Range(0, binCount)
                .Select(i => (Math.Round(Math.Exp(logMin + i * step), 1), Math.Round(Math.Exp(logMin + (i + 1) * step), 1), counts[i]))
                .ToList();
        }
    }
}
