using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using LlmTelemetry.Demo;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Tests.History
{
    /// <summary>
    /// 120 days of calls, then a prune with a 30-day retention: 90 days lose their raw records and keep their
    /// rollups. Every cost question over the 120 days answers exactly as before, to the last bit of every cost, in
    /// time zones a whole hour, half an hour and three and a half hours off UTC.
    /// </summary>
    public sealed class PruneKeepsAnswersTests
    {
        private static readonly string[] Zones = { "UTC", "Europe/Berlin", "Asia/Kolkata", "America/St_Johns" };

        private static readonly GroupKey[][] Groupings =
        {
            Array.Empty<GroupKey>(),
            new[] { GroupKey.Day }, new[] { GroupKey.Week }, new[] { GroupKey.Month }, new[] { GroupKey.Hour },
            new[] { GroupKey.Model }, new[] { GroupKey.Project }, new[] { GroupKey.Agent }, new[] { GroupKey.Session },
            new[] { GroupKey.Provider }, new[] { GroupKey.User }, new[] { GroupKey.Host }, new[] { GroupKey.Operation },
            new[] { GroupKey.Day, GroupKey.Model }, new[] { GroupKey.Project, GroupKey.Model }, new[] { GroupKey.Month, GroupKey.Agent, GroupKey.Project },
        };

        private static readonly RecordFilter[] Filters =
        {
            RecordFilter.All,
            new RecordFilter { Models = new[] { "claude-sonnet-4-5" } },
            new RecordFilter { Models = new[] { "gpt*", "o4*" } },
            new RecordFilter { Agents = new[] { "code-reviewer" } },
            new RecordFilter { Projects = new[] { "billing-api", "infra" } },
            new RecordFilter { Projects = new[] { "webshop" }, Models = new[] { "claude*" }, Success = false },
            new RecordFilter { Users = new[] { "ana" }, Hosts = new[] { "ci-*" } },
        };

        internal static TempStore GenerateDays(int days, int perDay)
        {
            var t = new TempStore(configure: o => o with { RetentionDays = 3650 });
            // One model unpriced, so unpriced counts are part of what must survive.
            var pricer = new TestPricer((model, tokens, at) => model == "llama3.1:8b" ? null : (tokens.Input * 3.0 + tokens.Output * 15.0 + tokens.CacheReadInput * 0.3) / 1e6);
            var records = new DemoDataGenerator(seed: 11, pricer).Generate(days, perDay, t.Now).ToList();
            t.Store.AppendBatch(records);
            return t;
        }

        [Fact]
        public void Every_cost_question_over_120_days_answers_exactly_as_before_a_30_day_prune()
        {
            using var t = GenerateDays(120, 60);
            Assert.Equal(120, t.Store.Days().Count);
            var before = AskAll(t.Store, t.Now, checkAgainstRecords: true);

            var report = t.Store.Maintenance.Run(new MaintenanceOptions { RetentionDays = 30 });
            Assert.Equal(90, report.DaysArchived);
            Assert.Equal(30, t.Store.Days().Count);
            Assert.Equal(90, t.Store.History.Days().Count);

            var after = AskAll(t.Reopen(), t.Now);
            Assert.Equal(before.Count, after.Count);
            foreach (var question in before.Keys) Assert.Equal(before[question], after[question]);
        }

        [Fact]
        public void A_history_day_keeps_its_ids_so_the_same_records_are_never_added_twice()
        {
            using var t = GenerateDays(40, 20);
            var records = t.Store.Query().ToList();
            t.Store.Maintenance.Run(new MaintenanceOptions { RetentionDays = 30 });
            var total = CostReporter.Run(t.Store, RecordQuery.All).Total;

            var store = t.Reopen();
            Assert.Equal(0, store.AppendBatch(records));
            Assert.All(records.Where(r => (t.Now.UtcDateTime.Date - r.UtcDay).TotalDays >= 30), r => Assert.True(store.ContainsId(r.Id, r.Timestamp)));
            Assert.Equal(Describe(total), Describe(CostReporter.Run(store, RecordQuery.All).Total));

            // A new call on a history day is added to its rollup, once.
            var late = TempStore.Call(t.Now.AddDays(-35), cost: 0.25);
            Assert.Equal(1, store.AppendBatch(new[] { late, late }));
            Assert.Equal(total.Calls + 1, CostReporter.Run(store, RecordQuery.All).Total.Calls);
            Assert.Equal(0, store.AppendBatch(new[] { late }));
        }

        /// <param name="checkAgainstRecords">Also ask with every record read (no rollup): the same counts, and the same costs
        /// up to the order in which doubles were added.</param>
        private static Dictionary<string, string> AskAll(TelemetryStore store, DateTimeOffset now, bool checkAgainstRecords = false)
        {
            var answers = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var zoneId in Zones)
            {
                var zone = TimeZones.Find(zoneId);
                foreach (var filter in Filters)
                    foreach (var by in Groupings)
                    {
                        var query = new RecordQuery { Range = DateRange.LastDays(120, zone, now), Zone = zone, Filter = filter };
                        var report = CostReporter.Run(store, query, by);
                        Assert.Empty(report.DaysNotSearched);
                        string question = zoneId + " | " + string.Join(",", by) + " | " + FilterText(filter);
                        answers[question] = string.Join("\n", report.Rows.Select(Describe)) + "\n" + Describe(report.Total);
                        if (checkAgainstRecords) SameAsScan(report, CostReporter.Run(store, query with { UseSummaries = false }, by), question);
                    }
            }
            return answers;
        }

        private static void SameAsScan(CostReport cells, CostReport scan, string question)
        {
            Assert.True(cells.DaysFromSummaries > 0, question);
            Assert.Equal(0, scan.DaysFromSummaries);
            var rows = scan.Rows.ToDictionary(r => r.KeyText);
            Assert.Equal(scan.Rows.Count, cells.Rows.Count);
            foreach (var row in cells.Rows.Append(cells.Total))
            {
                var other = row.IsTotal ? scan.Total : rows[row.KeyText];
                Assert.Equal(Counts(other), Counts(row));
                Assert.Equal(other.CostUsd, row.CostUsd, 1e-9 * Math.Max(1, other.CostUsd));
            }
        }

        private static string Counts(CostRow r)
            => string.Join(" ", r.KeyText, r.Calls, r.FailedCalls, r.Sessions, r.InputTokens, r.OutputTokens, r.CacheCreationInputTokens,
                r.CacheCreation1hInputTokens, r.CacheReadInputTokens, r.ReasoningTokens, r.TotalTokens, r.UnpricedCalls, r.FirstCall?.UtcTicks, r.LastCall?.UtcTicks);

        private static string FilterText(RecordFilter f)
            => string.Join(";", new[] { f.Models, f.Agents, f.Projects, f.Users, f.Hosts }.Select(v => v is null ? "" : string.Join(",", v))) + ";" + f.Success;

        /// <summary>Every figure of a row, costs as round-trip text: equal text is equal bits.</summary>
        internal static string Describe(CostRow r)
            => string.Join(" ", r.KeyText, r.Calls, r.FailedCalls, r.Sessions, r.InputTokens, r.OutputTokens, r.CacheCreationInputTokens,
                r.CacheCreation1hInputTokens, r.CacheReadInputTokens, r.ReasoningTokens, r.TotalTokens, R(r.CostUsd), r.UnpricedCalls,
                r.FirstCall?.UtcTicks, r.LastCall?.UtcTicks, R(r.AvgDurationMs), R(r.AvgCostPerSession));

        private static string R(double? d) => d?.ToString("R", CultureInfo.InvariantCulture) ?? "-";
    }
}
