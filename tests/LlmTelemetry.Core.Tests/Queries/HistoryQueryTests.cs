using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using LlmTelemetry.Exporters;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;
using LlmTelemetry.Tests.Exporters;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Tests.Queries
{
    /// <summary>
    /// Stats, listings and the dashboard over a store whose older days were archived: 120 days of calls written with a
    /// long retention, then maintenance with a 30-day one, so 90 days keep only their history rollup.
    /// </summary>
    public sealed class HistoryQueryTests
    {
        private const int Days = 120;
        private const int Retention = 30;

        /// <summary>The stated percentile error: 2.5% of the exact value (√1.05 − 1 ≈ 2.47%), plus 0.05 ms of rounding.</summary>
        private static void Near(double? exact, double? approximate, string what)
        {
            Assert.True(exact.HasValue == approximate.HasValue, what + ": both or neither");
            if (exact is not double e) return;
            double tolerance = 0.025 * e + 0.05;
            Assert.True(Math.Abs(approximate!.Value - e) <= tolerance, $"{what}: {approximate} is more than 2.5% from {e}");
        }

        private static readonly string[] Zones = { "UTC", "Europe/Berlin", "Asia/Kathmandu", "America/St_Johns" };

        private static readonly RecordFilter[] Filters =
        {
            new RecordFilter(),
            new RecordFilter { Models = new[] { "claude-*" } },
            new RecordFilter { Agents = new[] { "agent-b" } },
            new RecordFilter { Projects = new[] { "proj-2" } },
            new RecordFilter { Success = false },
        };

        /// <summary>Calls on every one of the last <see cref="Days"/> UTC days, written while retention keeps them all raw.</summary>
        private static TempStore Generate()
        {
            var t = new TempStore(configure: o => o with { RetentionDays = 365 });
            var rng = new Random(14);
            string[] models = { "claude-sonnet-4-5", "claude-haiku-4-5", "gpt-4o-mini" };
            var today = t.Now.UtcDateTime.Date;
            for (int d = Days - 1; d >= 0; d--)
            {
                var day = new DateTimeOffset(today.AddDays(-d), TimeSpan.Zero);
                int minutes = d == 0 ? 12 * 60 : 24 * 60; // today: none after the store's clock
                var records = new List<TelemetryRecord>();
                for (int i = 0; i < 40; i++)
                {
                    var at = day.AddSeconds(rng.Next(minutes * 60));
                    var record = new TelemetryRecordBuilder().At(at).Model(models[rng.Next(models.Length)]).Provider("anthropic")
                        .Agent("agent-" + "abc"[rng.Next(3)]).Operation("op-" + rng.Next(3)).Session($"s-{d}-{rng.Next(4)}")
                        .User("user-" + rng.Next(2)).Host("host-" + rng.Next(2)).Project("proj-" + rng.Next(3))
                        .Tokens(input: rng.Next(5000), output: rng.Next(2000), cacheReadInput: rng.Next(3) == 0 ? rng.Next(10000) : 0)
                        .Cost(rng.Next(20) == 0 ? (double?)null : rng.NextDouble() * 0.05)
                        .DurationMs(rng.Next(15) == 0 ? (long?)null : rng.Next(3) == 0 ? rng.Next(20) : rng.Next(100, 60_000))
                        .Success(rng.Next(12) != 0)
                        .Build();
                    records.Add(record);
                }
                // Other events carry no usage: stats leave them out in both tiers.
                records.Add(new TelemetryRecordBuilder().At(day.AddMinutes(5)).EventType("session_start").Session($"s-{d}-0").Agent("agent-a").Build());
                t.Store.AppendBatch(records);
            }
            Assert.Equal(Days, t.Store.Days().Count);
            return t;
        }

        private static void Prune(TempStore t)
        {
            t.Store.Maintenance.Run(new MaintenanceOptions { RetentionDays = Retention });
            Assert.Equal(Retention, t.Store.Days().Count);
            Assert.Equal(Days - Retention, t.Store.History.Days().Count);
        }

        /// <param name="days">Fewer than <see cref="Days"/>: the range starts inside a history day in zones off UTC.</param>
        private static RecordQuery Query(string zone, RecordFilter filter, DateTimeOffset now, int days = Days)
        {
            var z = TimeZones.Find(zone);
            return new RecordQuery { Range = DateRange.LastDays(days, z, now), Zone = z, Filter = filter };
        }

        /// <summary>Every figure of the stats but the percentiles (and the lists), compared exactly: costs too, as the same cells are summed in the same order.</summary>
        private static object Figures(UsageStats s)
            => (s.Calls, s.FailedCalls, s.SuccessRate, s.Sessions, s.InputTokens, s.OutputTokens, s.CacheReadInputTokens, s.CacheCreationInputTokens,
                s.ReasoningTokens, s.TotalTokens, s.CostUsd, s.UnpricedCalls, s.AvgDurationMs, s.BusiestWeekday);

        private static void AssertSameStats(UsageStats before, UsageStats after, string what)
        {
            Assert.True(before.Calls > 0, what + " selects calls");
            Assert.Equal(Figures(before), Figures(after));
            Assert.Equal(before.Hours, after.Hours);
            Assert.Equal(before.Weekdays, after.Weekdays);
            Assert.Equal(before.PeakHours, after.PeakHours);
            Near(before.P50DurationMs, after.P50DurationMs, what + " p50");
            Near(before.P95DurationMs, after.P95DurationMs, what + " p95");
            Near(before.P99DurationMs, after.P99DurationMs, what + " p99");
            foreach (var (b, a) in new[] { (before.TopModels, after.TopModels), (before.TopAgents, after.TopAgents), (before.TopOperations, after.TopOperations) })
            {
                Assert.Equal(b.Select(n => (n.Name, n.Calls, n.FailedCalls, n.TotalTokens, n.CostUsd, n.UnpricedCalls, n.AvgDurationMs)),
                    a.Select(n => (n.Name, n.Calls, n.FailedCalls, n.TotalTokens, n.CostUsd, n.UnpricedCalls, n.AvgDurationMs)));
                for (int i = 0; i < b.Count; i++) Near(b[i].P95DurationMs, a[i].P95DurationMs, what + " p95 of " + b[i].Name);
            }
            // Ranked by p95, which may move within the error: compared by name.
            Assert.Equal(before.SlowestOperations.Select(o => o.Name).OrderBy(n => n), after.SlowestOperations.Select(o => o.Name).OrderBy(n => n));
            foreach (var op in before.SlowestOperations)
                Near(op.P95DurationMs, after.SlowestOperations.Single(o => o.Name == op.Name).P95DurationMs, what + " slowest " + op.Name);
            Assert.Empty(after.DaysNotSearched);
        }

        [Fact]
        public void Stats_performance_and_patterns_over_history_days_equal_their_answers_before_the_prune()
        {
            using var t = Generate();
            var queries = (from zone in Zones
                           from filter in Filters
                           from days in new[] { Days, 100 }
                           select ($"{zone} {days} days {string.Join(",", filter.Models ?? filter.Agents ?? filter.Projects ?? Array.Empty<string>())}{filter.Success}",
                               Query(zone, filter, t.Now, days))).ToList();
            var before = queries.Select(q => UsageStatsCalculator.Run(t.Store, q.Item2)).ToList();
            var costsBefore = Filters.Select(f => CostReporter.Run(t.Store, Query("UTC", f, t.Now), new[] { GroupKey.Day, GroupKey.Model })).ToList();
            Prune(t);

            for (int i = 0; i < queries.Count; i++)
            {
                AssertSameStats(before[i], UsageStatsCalculator.Run(t.Store, queries[i].Item2), queries[i].Item1);
                // Raw days summed from their records rather than their cached rollup: the same cells, the same answer.
                AssertSameStats(before[i], UsageStatsCalculator.Run(t.Store, queries[i].Item2 with { UseSummaries = false }), queries[i].Item1 + " without summaries");
            }
            for (int i = 0; i < Filters.Length; i++)
            {
                var after = CostReporter.Run(t.Store, Query("UTC", Filters[i], t.Now), new[] { GroupKey.Day, GroupKey.Model });
                // A row's key is an array (compared by reference): rows are compared by key text and the row without it.
                var none = Array.Empty<KeyValuePair<GroupKey, string?>>();
                Assert.Equal(costsBefore[i].Rows.Select(r => (r.KeyText, r with { Key = none })), after.Rows.Select(r => (r.KeyText, r with { Key = none })));
                Assert.Equal(costsBefore[i].Total, after.Total);
                // The same cells in the same order: the stats and the ungrouped cost report give one and the same total.
                Assert.Equal(CostReporter.Run(t.Store, Query("UTC", Filters[i], t.Now)).Total.CostUsd, UsageStatsCalculator.Run(t.Store, Query("UTC", Filters[i], t.Now)).CostUsd);
            }
        }

        [Fact]
        public void Percentiles_are_exact_while_every_day_is_raw_and_from_the_histogram_once_history_is_counted()
        {
            using var t = Generate();
            var lastWeek = new RecordQuery { Range = DateRange.LastDays(7, TimeZoneInfo.Utc, t.Now), Zone = TimeZoneInfo.Utc };
            var all = Query("UTC", new RecordFilter(), t.Now);
            var durations = t.Store.Query(all).Where(r => r.IsLlmCall && r.DurationMs.HasValue).Select(r => r.DurationMs!.Value).OrderBy(d => d).ToArray();
            var exact = UsageStatsCalculator.Run(t.Store, all);
            Assert.Equal(UsageStatsCalculator.Percentile(durations, 0.95), exact.P95DurationMs);
            Prune(t);

            // Raw days only: the exact value, as before any history existed.
            var week = t.Store.Query(lastWeek).Where(r => r.IsLlmCall && r.DurationMs.HasValue).Select(r => r.DurationMs!.Value).OrderBy(d => d).ToArray();
            Assert.Equal(UsageStatsCalculator.Percentile(week, 0.50), UsageStatsCalculator.Run(t.Store, lastWeek).P50DurationMs);
            // History counted: one histogram of both tiers, the bucket's middle of the call the exact rank picks.
            var mixed = UsageStatsCalculator.Run(t.Store, all);
            var histogram = new LatencyHistogram();
            foreach (var d in durations) histogram.Add(d);
            Assert.Equal(histogram.Percentile(0.95), mixed.P95DurationMs);
            Assert.Equal(histogram.Percentile(0.50), mixed.P50DurationMs);
            Near(exact.P99DurationMs, mixed.P99DurationMs, "p99");
        }

        [Fact]
        public void Histogram_percentiles_stay_within_the_stated_error_of_the_exact_ones()
        {
            var rng = new Random(3);
            for (int run = 0; run < 20; run++)
            {
                var values = Enumerable.Range(0, 1 + rng.Next(5000)).Select(_ => (long)Math.Exp(rng.NextDouble() * Math.Log(3_600_000))).ToArray();
                var h = new LatencyHistogram();
                foreach (var v in values) h.Add(v);
                Array.Sort(values);
                foreach (var q in new[] { 0.01, 0.5, 0.9, 0.95, 0.99, 1.0 })
                    Near(UsageStatsCalculator.Percentile(values, q), h.Percentile(q), $"run {run} q {q}");
            }
        }

        [Fact]
        public void Id_and_text_filters_list_the_history_days_they_could_not_search()
        {
            using var t = Generate();
            var oldId = t.Store.Query(Query("UTC", new RecordFilter(), t.Now)).First(r => r.IsLlmCall).Id;
            Prune(t);
            var history = t.Store.History.Days();
            var rawId = t.Store.Query().Last(r => r.IsLlmCall).Id;

            foreach (var filter in new[] { new RecordFilter { Search = "claude-haiku" }, new RecordFilter { Ids = new[] { oldId, rawId } } })
            {
                var query = Query("UTC", filter, t.Now);
                long rawCalls = t.Store.Query(query).Count(r => r.IsLlmCall);
                Assert.True(rawCalls > 0);
                var stats = UsageStatsCalculator.Run(t.Store, query);
                var costs = CostReporter.Run(t.Store, query);
                Assert.Equal(rawCalls, stats.Calls);
                Assert.Equal(rawCalls, costs.Total.Calls);
                Assert.Equal(history, stats.DaysNotSearched);
                Assert.Equal(history, costs.DaysNotSearched);
            }
            Assert.Equal("the history of 90 days, 2026-07-26 … 2026-10-23 (UTC), could not be searched: those days keep only daily totals, and a text search or a record id needs the records; the answer leaves them out",
                HistoryNotices.NotSearched(history));
            Assert.Equal("the history of 1 day, 2026-07-26 (UTC), could not be searched: that day keeps only daily totals, and a text search or a record id needs the records; the answer leaves it out",
                HistoryNotices.NotSearched(history.Take(1).ToList()));
            Assert.Null(HistoryNotices.NotSearched(Array.Empty<DateTime>()));

            // A filter a rollup keeps is answered from it: nothing is left out.
            Assert.Empty(UsageStatsCalculator.Run(t.Store, Query("UTC", new RecordFilter { Models = new[] { "claude-haiku-4-5" } }, t.Now)).DaysNotSearched);
        }

        [Fact]
        public void A_listing_reaching_history_days_names_the_first_day_with_raw_records()
        {
            using var t = Generate();
            var all = new RecordQuery { Zone = TimeZoneInfo.Utc };
            Assert.Null(ListingCoverage.Of(t.Store, all).Notice); // nothing archived yet
            Prune(t);

            var coverage = ListingCoverage.Of(t.Store, all);
            Assert.Equal(t.Store.History.Days(), coverage.HistoryDays);
            Assert.Equal(new DateTime(2026, 10, 24), coverage.FirstRawDay);
            Assert.Equal("records before 2026-10-24 (UTC) are kept only as daily totals (history)", coverage.Notice);
            // The range decides, not the filter; a range of raw days only needs no warning.
            var lastWeek = new RecordQuery { Range = DateRange.LastDays(7, TimeZoneInfo.Utc, t.Now), Zone = TimeZoneInfo.Utc };
            Assert.Null(ListingCoverage.Of(t.Store, lastWeek).Notice);
            Assert.Empty(ListingCoverage.Of(t.Store, lastWeek).HistoryDays);
            var august = new RecordQuery { Range = new DateRange(new DateTime(2026, 8, 1), new DateTime(2026, 8, 31), TimeZoneInfo.Utc), Zone = TimeZoneInfo.Utc };
            Assert.Equal(31, ListingCoverage.Of(t.Store, august).HistoryDays.Count);
            Assert.Equal(coverage.Notice, ListingCoverage.Of(t.Store, august with { Filter = new RecordFilter { Models = new[] { "nothing" } } }).Notice);

            // A raw day older than some history (maintenance has not run since): the history days are named instead.
            using (var longer = t.Reopen(o => o with { RetentionDays = 365 }))
                longer.Append(TempStore.Call(new DateTimeOffset(2026, 5, 1, 10, 0, 0, TimeSpan.Zero)));
            Assert.Equal("records of 90 days, 2026-07-26 … 2026-10-23 (UTC), are kept only as daily totals (history)", ListingCoverage.Of(t.Store, all).Notice);
        }

        [Fact]
        public void A_store_with_only_history_is_not_empty_and_says_no_day_has_raw_records()
        {
            using var t = new TempStore();
            Assert.True(t.Store.IsEmpty());
            // Older than the retention and no raw folder: the call goes straight to its day's history.
            t.Store.Append(TempStore.Call(t.Now.AddDays(-60)));
            Assert.Empty(t.Store.Days());
            Assert.False(t.Store.IsEmpty());
            var coverage = ListingCoverage.Of(t.Store, new RecordQuery { Zone = TimeZoneInfo.Utc });
            Assert.Null(coverage.FirstRawDay);
            Assert.Equal("records of 1 day, 2026-09-23 (UTC), are kept only as daily totals (history), and no day has raw records", coverage.Notice);
            Assert.Equal(1, UsageStatsCalculator.Run(t.Store, new RecordQuery { Zone = TimeZoneInfo.Utc }).Calls);
        }

        [Fact]
        public void The_dashboard_counts_history_days_in_its_cards_and_charts_and_says_its_table_lists_raw_records()
        {
            using var t = Generate();
            var request = new HtmlReportRequest(Query("UTC", new RecordFilter(), t.Now)) { Now = t.Now };
            var (_, before) = HtmlReportSamples.Write(t, request);
            Prune(t);
            var (html, after) = HtmlReportSamples.Write(t, request);

            Assert.Equal(before.Total, after.Total);
            Assert.Equal(before.Stats.Calls, after.Stats.Calls);
            Assert.Equal(before.Stats.Sessions, after.Stats.Sessions);
            Near(before.Stats.P95DurationMs, after.Stats.P95DurationMs, "page p95");
            long rawEvents = t.Store.Query(request.Query).LongCount();
            Assert.Equal(rawEvents, after.EventsTotal);
            Assert.True(after.EventsTotal < before.EventsTotal);
            Assert.Null(before.HistoryNotice);
            Assert.Equal("records before 2026-10-24 (UTC) are kept only as daily totals (history); the page's cards and charts include them, its event table does not", after.HistoryNotice);

            using var report = HtmlReportSamples.Report(html);
            var root = report.RootElement;
            var history = root.GetProperty("history");
            Assert.Equal(Days - Retention, history.GetProperty("days").GetInt32());
            Assert.Equal("2026-10-24", history.GetProperty("raw_from").GetString());
            Assert.Equal("records before 2026-10-24 (UTC) are kept only as daily totals (history)", history.GetProperty("listing").GetString());
            Assert.Equal(System.Text.Json.JsonValueKind.Null, history.GetProperty("not_searched").ValueKind);
            // Every chart still adds up to the card, history days included.
            Assert.Equal(after.Total.Calls, root.GetProperty("by_model").EnumerateArray().Sum(s => s.GetProperty("calls").GetInt64()));
            Assert.Equal(after.Total.Calls, root.GetProperty("daily").GetProperty("series").EnumerateArray().Sum(s => s.GetProperty("calls").EnumerateArray().Sum(c => c.GetInt64())));
            Assert.Equal(after.Total.CostUsd, root.GetProperty("by_agent").EnumerateArray().Sum(s => s.GetProperty("cost_usd").GetDouble()), 9);
            long withDuration = t.Store.Query(request.Query).Count(r => r.IsLlmCall && r.DurationMs.HasValue);
            var latency = root.GetProperty("latency");
            Assert.True(latency.GetProperty("count").GetInt64() > withDuration, "history calls are in the latency chart");
            Assert.Equal(latency.GetProperty("count").GetInt64(), latency.GetProperty("bins").EnumerateArray().Sum(b => b.GetProperty("count").GetInt64()));
        }

        [Fact]
        public void The_dashboard_with_a_text_search_says_which_history_days_it_left_out()
        {
            using var t = Generate();
            Prune(t);
            var request = new HtmlReportRequest(Query("UTC", new RecordFilter { Search = "gpt-4o" }, t.Now)) { Now = t.Now };
            var (html, summary) = HtmlReportSamples.Write(t, request);
            Assert.Equal(t.Store.History.Days(), summary.Stats.DaysNotSearched);
            using var report = HtmlReportSamples.Report(html);
            Assert.Equal(HistoryNotices.NotSearched(t.Store.History.Days()), report.RootElement.GetProperty("history").GetProperty("not_searched").GetString());
        }

        [Fact]
        public void A_page_without_history_has_no_history_block()
        {
            using var t = new TempStore(HtmlReportSamples.Now);
            HtmlReportSamples.Fill(t);
            var (html, _) = HtmlReportSamples.Write(t, HtmlReportSamples.Request());
            using var report = HtmlReportSamples.Report(html);
            Assert.False(report.RootElement.TryGetProperty("history", out _));
        }
    }
}
