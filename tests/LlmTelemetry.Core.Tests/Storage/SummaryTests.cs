using System;
using System.IO;
using System.Linq;
using LlmTelemetry.Queries;
using LlmTelemetry.Storage;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Tests.Storage
{
    public sealed class SummaryTests
    {
        private static TempStore Populated()
        {
            // 40 days, all of them raw: this is about the cache of raw days, not about history.
            var t = new TempStore(configure: o => o with { RetentionDays = 365 });
            var rng = new Random(7);
            string[] models = { "claude-sonnet-4-5", "gpt-4o-mini", "claude-haiku-4-5" };
            for (int d = 0; d < 40; d++)
            {
                t.Store.AppendBatch(Enumerable.Range(0, 30).Select(i => TempStore.Call(
                    t.Now.AddDays(-d).AddMinutes(-rng.Next(0, 1400)), model: models[rng.Next(3)], input: rng.Next(1, 5000), output: rng.Next(1, 900),
                    cost: rng.Next(10) == 0 ? null : rng.NextDouble() / 10, agent: "agent-" + rng.Next(4), session: "s" + rng.Next(50),
                    durationMs: rng.Next(50, 30_000), success: rng.Next(20) != 0, cacheRead: rng.Next(0, 10_000))));
            }
            return t;
        }

        [Fact]
        public void The_root_summary_equals_totals_computed_from_the_jsonl()
        {
            using var t = Populated();
            var root = t.Store.Summaries.GetRoot();
            var all = t.Store.Query().ToList();
            void Check(UsageTotals s, int days)
            {
                var expected = new UsageTotals();
                foreach (var r in all.Where(r => (t.Now.UtcDateTime.Date - r.UtcDay).TotalDays < days)) expected.Add(r);
                Assert.Equal(expected.Calls, s.Calls);
                Assert.Equal(expected.TotalTokens, s.TotalTokens);
                Assert.Equal(expected.InputTokens, s.InputTokens);
                Assert.Equal(expected.CacheReadInputTokens, s.CacheReadInputTokens);
                Assert.Equal(expected.UnpricedCalls, s.UnpricedCalls);
                Assert.Equal(expected.FailedCalls, s.FailedCalls);
                Assert.Equal(expected.CostUsd, s.CostUsd, 9);
                Assert.Equal(expected.Sessions.Count, s.Sessions.Count);
            }
            Check(root.Today, 1);
            Check(root.Last7Days, 7);
            Check(root.Last30Days, 30);
            Check(root.AllTime, 1000);
            Assert.True(File.Exists(Path.Combine(t.StoreRoot, "summary.json")));
            Assert.True(File.Exists(Path.Combine(t.StoreRoot, "2026-11-20", DayPartition.RollupFile)));
            Assert.False(File.Exists(Path.Combine(t.StoreRoot, "2026-11-22", DayPartition.RollupFile))); // today is not closed
        }

        [Fact]
        public void Deleting_every_summary_changes_no_answer()
        {
            using var t = Populated();
            var zone = TimeZones.Find("Europe/Berlin");
            var queries = new[]
            {
                (Query: new RecordQuery { Range = DateRange.LastDays(30, zone, t.Now), Zone = zone }, By: new[] { GroupKey.Day }),
                (Query: new RecordQuery { Range = DateRange.LastDays(7, zone, t.Now), Zone = zone }, By: new[] { GroupKey.Model }),
                (Query: new RecordQuery { Range = DateRange.LastDays(40, TimeZoneInfo.Utc, t.Now), Zone = TimeZoneInfo.Utc }, By: new GroupKey[0]),
                (Query: new RecordQuery { Range = DateRange.LastDays(14, zone, t.Now), Zone = zone }, By: new[] { GroupKey.Week }),
            };
            var withSummaries = queries.Select(q => CostReporter.Run(t.Store, q.Query, q.By)).ToList();
            Assert.All(withSummaries, r => Assert.True(r.DaysFromSummaries > 0));
            var root = t.Store.Summaries.GetRoot();

            foreach (var f in Directory.GetFiles(t.StoreRoot, "summary.json", SearchOption.AllDirectories).Concat(Directory.GetFiles(t.StoreRoot, DayPartition.RollupFile, SearchOption.AllDirectories))) File.Delete(f);
            var fresh = t.Reopen();
            for (int i = 0; i < queries.Length; i++)
            {
                var scanned = CostReporter.Run(fresh, queries[i].Query with { UseSummaries = false }, queries[i].By);
                Assert.Equal(0, scanned.DaysFromSummaries);
                AssertSame(withSummaries[i], scanned);
                AssertSame(withSummaries[i], CostReporter.Run(fresh, queries[i].Query, queries[i].By));
            }
            var rebuilt = fresh.Summaries.GetRoot();
            Assert.Equal(root.AllTime.CostUsd, rebuilt.AllTime.CostUsd, 9);
            Assert.Equal(root.Last7Days.TotalTokens, rebuilt.Last7Days.TotalTokens);
        }

        [Fact]
        public void A_stale_summary_is_rebuilt_when_its_day_changes()
        {
            using var t = Populated();
            var day = t.Store.Days().First(d => DayPartition.Name(d.Day) == "2026-11-15");
            var first = t.Store.Summaries.GetDay(day);
            t.Store.Append(TempStore.Call(new DateTimeOffset(2026, 11, 15, 8, 0, 0, TimeSpan.Zero), input: 1_000_000, cost: 5));
            var second = t.Reopen().Summaries.GetDay(day);
            Assert.Equal(first.Totals.Calls + 1, second.Totals.Calls);
            Assert.Equal(first.Totals.CostUsd + 5, second.Totals.CostUsd, 9);
        }

        private static void AssertSame(CostReport a, CostReport b)
        {
            Assert.Equal(a.Rows.Count, b.Rows.Count);
            for (int i = 0; i < a.Rows.Count; i++)
            {
                Assert.Equal(a.Rows[i].KeyText, b.Rows[i].KeyText);
                Assert.Equal(a.Rows[i].Calls, b.Rows[i].Calls);
                Assert.Equal(a.Rows[i].TotalTokens, b.Rows[i].TotalTokens);
                Assert.Equal(a.Rows[i].Sessions, b.Rows[i].Sessions);
                Assert.Equal(a.Rows[i].UnpricedCalls, b.Rows[i].UnpricedCalls);
                Assert.Equal(a.Rows[i].CostUsd, b.Rows[i].CostUsd, 9);
                Assert.Equal(a.Rows[i].FirstCall, b.Rows[i].FirstCall);
                Assert.Equal(a.Rows[i].LastCall, b.Rows[i].LastCall);
            }
            Assert.Equal(a.Total.Calls, b.Total.Calls);
            Assert.Equal(a.Total.CostUsd, b.Total.CostUsd, 9);
        }
    }
}
