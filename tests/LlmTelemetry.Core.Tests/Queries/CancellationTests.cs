using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using LlmTelemetry.Exporters;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Tests.Queries
{
    /// <summary>Ctrl+C in a front end cancels a token; every long read of the store must stop at the next check.</summary>
    public sealed class CancellationTests
    {
        private const int Days = 10;
        private static readonly TimeZoneInfo Utc = TimeZoneInfo.Utc;

        [Fact]
        public void A_cost_report_that_scans_records_stops_after_the_day_it_was_cancelled_in()
        {
            using var t = StoreOfDays();
            using var cts = new CancellationTokenSource();
            var reports = new List<ScanProgress>();
            var progress = new SyncProgress(p => { reports.Add(p); cts.Cancel(); });
            // A model filter: summaries cannot answer it, so every day is read record by record.
            var query = new RecordQuery { Range = LastDays(t), Filter = new RecordFilter { Models = new[] { "claude*" } }, Zone = Utc, Cancellation = cts.Token };

            Assert.Throws<OperationCanceledException>(() => CostReporter.Run(t.Store, query, null, progress));

            var only = Assert.Single(reports);
            Assert.Equal(1, only.DaysDone);
            Assert.Equal(Days, only.DaysTotal);
        }

        [Fact]
        public void A_cost_report_answered_from_day_summaries_stops_too_and_leaves_the_other_days_unsummarised()
        {
            using var t = StoreOfDays();
            using var cts = new CancellationTokenSource();
            var reports = new List<ScanProgress>();
            var query = new RecordQuery { Range = LastDays(t), Zone = Utc, Cancellation = cts.Token };

            Assert.Throws<OperationCanceledException>(() => CostReporter.Run(t.Store, query, new[] { GroupKey.Day }, new SyncProgress(p => { reports.Add(p); cts.Cancel(); })));

            Assert.Single(reports);
            // Only the day read before the stop got its summary file written.
            Assert.Single(t.Store.Days(), d => File.Exists(d.RollupPath));
        }

        [Fact]
        public void A_cost_report_reports_each_day_once_and_ends_at_its_total()
        {
            using var t = StoreOfDays();
            var reports = new List<ScanProgress>();
            var query = new RecordQuery { Range = LastDays(t), Filter = new RecordFilter { Models = new[] { "claude*" } }, Zone = Utc };

            var report = CostReporter.Run(t.Store, query, null, new SyncProgress(reports.Add));

            Assert.Equal(Enumerable.Range(1, Days), reports.Select(r => r.DaysDone));
            Assert.All(reports, r => Assert.Equal(Days, r.DaysTotal));
            Assert.Equal(t.Store.Days().Select(d => d.Day), reports.Select(r => r.Day));
            Assert.Equal(Days * PerDay, report.Total.Calls);
        }

        [Fact]
        public void A_cancelled_query_stops_even_when_no_line_matches()
        {
            using var t = StoreOfDays();
            using var cts = new CancellationTokenSource();
            cts.Cancel();
            // Before the token reached the read, a filter that matched nothing scanned the whole store with nothing to stop at.
            var nothing = new RecordQuery { Range = LastDays(t), Filter = new RecordFilter { Models = new[] { "no-such-model" } }, Zone = Utc, Cancellation = cts.Token };

            Assert.Throws<OperationCanceledException>(() => t.Store.Query(nothing with { Range = null }).ToList());
            Assert.Throws<OperationCanceledException>(() => UsageStatsCalculator.Run(t.Store, nothing));
        }

        [Fact]
        public void A_read_stops_inside_a_long_day_within_one_check_interval()
        {
            using var t = new TempStore();
            var day = t.Now.UtcDateTime.Date.AddDays(-1);
            int lines = TelemetryStore.CancellationCheckLines * 5;
            t.Store.AppendBatch(Enumerable.Range(0, lines).Select(i => TempStore.Call(new DateTimeOffset(day, TimeSpan.Zero).AddSeconds(i))));
            using var cts = new CancellationTokenSource();
            int read = 0;

            Assert.Throws<OperationCanceledException>(() =>
            {
                foreach (var _ in t.Store.ReadDay(t.Store.Days().Single(), null, null, cts.Token))
                {
                    read++;
                    cts.Cancel();
                }
            });

            Assert.InRange(read, 1, TelemetryStore.CancellationCheckLines);
        }

        [Fact]
        public void The_dashboard_cancelled_after_its_first_day_writes_nothing()
        {
            using var t = StoreOfDays();
            using var cts = new CancellationTokenSource();
            var reports = new List<ScanProgress>();
            var request = new HtmlReportRequest(new RecordQuery { Range = DateRange.LastDays(5, Utc, t.Now), Zone = Utc, Cancellation = cts.Token }) { Now = t.Now };
            using var output = new MemoryStream();

            Assert.Throws<OperationCanceledException>(() =>
                HtmlReportWriter.Write(t.Store, request, output, new SyncProgress(p => { reports.Add(p); cts.Cancel(); })));

            Assert.Single(reports);
            Assert.Equal(0, output.Length);
        }

        [Fact]
        public void The_dashboard_counts_the_day_reads_of_all_its_passes_as_one_total()
        {
            using var t = StoreOfDays();
            var reports = new List<ScanProgress>();
            // Five days this period (today has no records, so four folders) and five before it: each period is read twice.
            var request = new HtmlReportRequest(new RecordQuery { Range = DateRange.LastDays(5, Utc, t.Now), Zone = Utc }) { Now = t.Now };
            using var output = new MemoryStream();

            HtmlReportWriter.Write(t.Store, request, output, new SyncProgress(reports.Add));

            Assert.Equal(2 * (4 + 5), reports.Count);
            Assert.Equal(Enumerable.Range(1, reports.Count), reports.Select(r => r.DaysDone));
            Assert.All(reports, r => Assert.Equal(reports.Count, r.DaysTotal));
            Assert.True(output.Length > 0);
        }

        private const int PerDay = 30;

        /// <summary><see cref="Days"/> UTC days of <see cref="PerDay"/> calls each, ending yesterday.</summary>
        private static TempStore StoreOfDays()
        {
            var t = new TempStore();
            var today = t.Now.UtcDateTime.Date;
            var records = new List<TelemetryRecord>();
            for (int d = 1; d <= Days; d++)
                for (int i = 0; i < PerDay; i++)
                    records.Add(TempStore.Call(new DateTimeOffset(today.AddDays(-d), TimeSpan.Zero).AddMinutes(10 + i * 20), model: i % 2 == 0 ? "claude-sonnet-4-5" : "claude-haiku-4-5"));
            t.Store.AppendBatch(records);
            return t;
        }

        private static DateRange LastDays(TempStore t) => DateRange.LastDays(Days + 1, Utc, t.Now);

        /// <summary>Reports on the reporting thread at once (System.Progress posts to the thread pool, too late to cancel from).</summary>
        private sealed class SyncProgress : IProgress<ScanProgress>
        {
            private readonly Action<ScanProgress> _report;

            public SyncProgress(Action<ScanProgress> report) => _report = report;

            public void Report(ScanProgress value) => _report(value);
        }
    }
}
