using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Tests.Storage
{
    /// <summary>
    /// A later, larger version of a stored call (a streamed response whose complete usage came on a later line) is a
    /// correction: written to the day's corrections.jsonl, and read in place of the stored record by every reader,
    /// summary, rollup and maintenance step, so the call counts once with its larger usage.
    /// </summary>
    public sealed class CorrectionTests
    {
        private static TelemetryRecord Version(TelemetryRecord of, long output, double cost)
            => TempStore.Call(of.Timestamp, input: of.Tokens.Input, output: output, cost: cost, agent: of.AgentName) with { Id = of.Id };

        [Fact]
        public void A_larger_version_of_a_stored_call_is_read_in_its_place_by_every_reader_and_summary()
        {
            using var t = new TempStore();
            var day = t.Now.AddDays(-2);
            var a = TempStore.Call(day.AddHours(1), input: 100, output: 8, cost: 0.001);
            var b = TempStore.Call(day.AddHours(2), input: 200, output: 20, cost: 0.002);
            Assert.Equal(2, t.Store.AppendBatch(new[] { a, b }));
            var range = DateRange.LastDays(7, TimeZoneInfo.Utc, t.Now);
            var query = new RecordQuery { Range = range, Zone = TimeZoneInfo.Utc };
            // A summary of the day is cached now, from the first version: the correction must make it stale.
            Assert.Equal(28, CostReporter.Run(t.Store, query).Total.OutputTokens);

            var complete = Version(a, output: 472, cost: 0.01);
            Assert.Equal(1, t.Store.AppendBatch(new[] { complete }));
            var partition = new DayPartition(t.StoreRoot, day.UtcDateTime);
            Assert.Single(File.ReadAllLines(partition.CorrectionsPath));
            Assert.Equal(2, File.ReadAllLines(partition.DataPath).Length); // append-only: the first version stays

            var records = t.Store.Query().ToList();
            Assert.Equal(new[] { a.Id, b.Id }, records.Select(r => r.Id)); // in the place of the record it corrects
            Assert.Equal(472, records[0].Tokens.Output);
            foreach (bool summaries in new[] { true, false })
            {
                var costs = CostReporter.Run(t.Reopen(), query with { UseSummaries = summaries }, new[] { GroupKey.Day });
                Assert.Equal(2, costs.Total.Calls);
                Assert.Equal(492, costs.Total.OutputTokens);
                Assert.Equal(0.012, costs.Total.CostUsd, 9);
            }
            Assert.Equal(492, CostReporter.Run(t.Store, query).Total.OutputTokens); // the warm cache too
            Assert.Equal(2, UsageStatsCalculator.Run(t.Store, query).Calls);
            Assert.Equal(492, t.Reopen().Summaries.GetRoot().AllTime.OutputTokens);

            // The same version again, or a smaller one, is a duplicate, also for another process's fresh index.
            Assert.Equal(0, t.Store.AppendBatch(new[] { complete, Version(a, output: 100, cost: 0.005) }));
            using (var other = t.Reopen())
            {
                Assert.Equal(0, other.AppendBatch(new[] { complete, a }));
                Assert.Equal(1, other.AppendBatch(new[] { Version(a, output: 500, cost: 0.011) }));
            }
            Assert.Equal(500, t.Store.Query().First().Tokens.Output);
            Assert.Equal(2, File.ReadAllLines(partition.CorrectionsPath).Length);
        }

        /// <summary>
        /// A call whose lines span midnight UTC: a live import stored an early line at 23:59:58, the complete line says
        /// 00:00:05. It stays one call, on the day it is stored on, with the larger usage.
        /// </summary>
        [Fact]
        public void A_larger_version_just_after_midnight_corrects_the_call_stored_the_day_before()
        {
            using var t = new TempStore();
            var midnight = new DateTimeOffset(t.Now.UtcDateTime.Date.AddDays(-2), TimeSpan.Zero);
            var early = TempStore.Call(midnight.AddSeconds(-2), output: 8, cost: 0.001);
            t.Store.AppendBatch(new[] { early });
            var complete = TempStore.Call(midnight.AddSeconds(5), input: early.Tokens.Input, output: 472, cost: 0.01) with { Id = early.Id };
            var smaller = TempStore.Call(midnight.AddSeconds(3), input: early.Tokens.Input, output: 100, cost: 0.005) with { Id = early.Id };
            var newCall = TempStore.Call(midnight.AddMinutes(30), output: 20);

            Assert.Equal(2, t.Store.AppendBatch(new[] { complete, newCall }));
            Assert.Equal(0, t.Reopen().AppendBatch(new[] { smaller, complete }));

            var records = t.Reopen().Query().OrderBy(r => r.Timestamp).ToList();
            Assert.Equal(new[] { early.Id, newCall.Id }, records.Select(r => r.Id));
            Assert.Equal((472L, early.Timestamp), (records[0].Tokens.Output, records[0].Timestamp));
            var day = new RecordQuery { Range = DateRange.Between(midnight.UtcDateTime.AddDays(-1), midnight.UtcDateTime.AddDays(-1), TimeZoneInfo.Utc, t.Now), Zone = TimeZoneInfo.Utc };
            Assert.Equal(472, CostReporter.Run(t.Store, day).Total.OutputTokens);
            Assert.False(File.Exists(new DayPartition(t.StoreRoot, midnight.UtcDateTime).CorrectionsPath));
        }

        [Fact]
        public void A_text_search_finds_the_version_that_is_read()
        {
            using var t = new TempStore();
            var day = t.Now.AddDays(-1);
            var a = TempStore.Call(day.AddHours(1), output: 8, agent: "streaming");
            t.Store.AppendBatch(new[] { a, TempStore.Call(day.AddHours(2), agent: "other") });
            t.Store.AppendBatch(new[] { Version(a, output: 472, cost: 0.02) with { AgentName = "complete" } });

            Assert.Empty(t.Store.Query(new RecordQuery { Filter = new RecordFilter { Search = "streaming" } }));
            Assert.Equal(472, Assert.Single(t.Store.Query(new RecordQuery { Filter = new RecordFilter { Search = "complete" } })).Tokens.Output);
            Assert.Single(t.Store.Query(new RecordQuery { Filter = new RecordFilter { Search = "other" } }));
        }

        [Fact]
        public void Compaction_archiving_and_removal_keep_the_corrected_version()
        {
            using var t = new TempStore();
            var old = t.Now.AddDays(-10);
            var a = TempStore.Call(old.AddHours(1), output: 8, cost: 0.001);
            var b = TempStore.Call(old.AddHours(2), output: 20, cost: 0.002);
            t.Store.AppendBatch(new[] { a, b });
            t.Store.AppendBatch(new[] { Version(a, output: 472, cost: 0.01), Version(b, output: 30, cost: 0.003) });
            var query = new RecordQuery { Range = DateRange.LastDays(30, TimeZoneInfo.Utc, t.Now), Zone = TimeZoneInfo.Utc };

            t.Store.Maintenance.Run(new MaintenanceOptions { CompactAfterDays = 7 });
            var partition = new DayPartition(t.StoreRoot, old.UtcDateTime);
            Assert.True(File.Exists(partition.CompactedPath));
            Assert.Equal(502, t.Reopen().Query().Sum(r => r.Tokens.Output));

            t.Store.Maintenance.RemoveIds(new[] { b.Id }, dryRun: false);
            Assert.Equal(472, Assert.Single(t.Reopen().Query()).Tokens.Output);
            Assert.DoesNotContain(b.Id, File.ReadAllText(partition.CorrectionsPath));

            // Past the retention the day becomes its rollup: the corrected sums go with it.
            t.Store.Maintenance.Run(new MaintenanceOptions { RetentionDays = 5 });
            Assert.False(Directory.Exists(partition.Folder));
            var costs = CostReporter.Run(t.Reopen(), query);
            Assert.Equal(1, costs.Total.Calls);
            Assert.Equal(472, costs.Total.OutputTokens);
            Assert.Equal(0.01, costs.Total.CostUsd, 9);
        }

        [Fact]
        public void Two_writers_offering_the_same_correction_at_once_write_it_once()
        {
            using var t = new TempStore();
            var day = t.Now.AddDays(-1);
            var calls = Enumerable.Range(0, 50).Select(i => TempStore.Call(day.AddMinutes(i), output: 1)).ToList();
            t.Store.AppendBatch(calls);
            var complete = calls.Select(c => Version(c, output: 100, cost: 0.01)).ToList();
            using var first = t.Reopen();
            using var second = t.Reopen();
            // Both loaded the day's ids (with the first versions' totals) before either wrote.
            Assert.All(calls, c => Assert.True(first.ContainsId(c.Id, c.Timestamp) && second.ContainsId(c.Id, c.Timestamp)));

            using var start = new Barrier(2);
            int[] written = new int[2];
            Parallel.Invoke(
                () => { start.SignalAndWait(); written[0] = first.AppendBatch(complete); },
                () => { start.SignalAndWait(); written[1] = second.AppendBatch(complete); });

            Assert.Equal(50, written.Sum());
            Assert.Equal(50, File.ReadAllLines(new DayPartition(t.StoreRoot, day.UtcDateTime).CorrectionsPath).Length);
            var records = t.Reopen().Query().ToList();
            Assert.Equal(50, records.Count);
            Assert.All(records, r => Assert.Equal(100, r.Tokens.Output));
        }
    }
}
