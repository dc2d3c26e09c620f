using System;
using System.Linq;
using LlmTelemetry.Queries;
using LlmTelemetry.Storage;
using Xunit;

namespace LlmTelemetry.Tests.History
{
    /// <summary>The history tier's own limits: an age (LLM_HISTORY_DAYS, 0 = forever) and a size budget, oldest first.</summary>
    public sealed class HistoryLimitsTests
    {
        [Fact]
        public void History_older_than_the_history_days_goes_and_zero_keeps_it_forever()
        {
            using var t = PruneKeepsAnswersTests.GenerateDays(60, 10);
            var forever = t.Store.Maintenance.Run(new MaintenanceOptions { RetentionDays = 10, HistoryDays = 0 });
            Assert.Equal(50, forever.DaysArchived);
            Assert.Equal(0, forever.HistoryDaysDeleted);
            Assert.Equal(50, t.Store.History.Days().Count);

            var dry = t.Store.Maintenance.Run(new MaintenanceOptions { RetentionDays = 10, HistoryDays = 40, DryRun = true });
            Assert.Equal(20, dry.HistoryDaysDeleted);
            Assert.Equal(50, t.Store.History.Days().Count);

            var aged = t.Store.Maintenance.Run(new MaintenanceOptions { RetentionDays = 10, HistoryDays = 40 });
            Assert.Equal(20, aged.HistoryDaysDeleted);
            Assert.All(aged.Steps, s => Assert.Equal(MaintenanceAction.DeleteHistory, s.Action));
            var left = t.Store.History.Days();
            Assert.Equal(30, left.Count);
            Assert.All(left, d => Assert.True((t.Now.UtcDateTime.Date - d).TotalDays < 40));
            Assert.Equal(left.First(), CostReporter.Run(t.Store, RecordQuery.All, new[] { GroupKey.Day }).Rows.Select(r => DateTime.Parse(r.KeyText)).Min());
        }

        [Fact]
        public void Over_its_budget_the_history_drops_its_oldest_days_first()
        {
            using var t = PruneKeepsAnswersTests.GenerateDays(90, 400);
            t.Store.Maintenance.Run(new MaintenanceOptions { RetentionDays = 5, HistoryDays = 0, HistoryMaxSizeMB = 1000 });
            long total = t.Store.History.SizeOnDisk();
            Assert.True(total > 1024 * 1024, $"the test needs over 1 MB of history; it has {total:N0} bytes");
            var all = t.Store.History.Days();

            var report = t.Store.Maintenance.Run(new MaintenanceOptions { RetentionDays = 5, HistoryDays = 0, HistoryMaxSizeMB = 1 });
            var left = t.Store.History.Days();
            Assert.True(t.Store.History.SizeOnDisk() <= 1024 * 1024);
            Assert.NotEmpty(left);
            Assert.Equal(all.Skip(all.Count - left.Count), left); // the newest are what stays
            Assert.Equal(all.Count - left.Count, report.HistoryDaysDeleted);
            Assert.All(report.Steps, s => Assert.Contains("history budget", s.Reason));
        }
    }
}
