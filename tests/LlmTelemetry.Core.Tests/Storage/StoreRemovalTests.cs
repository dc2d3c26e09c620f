using System;
using System.Linq;
using LlmTelemetry.Records;
using LlmTelemetry.Queries;
using LlmTelemetry.Storage;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Tests.Storage
{
    public sealed class StoreRemovalTests
    {
        [Fact]
        public void Older_than_n_days_keeps_today_and_the_n_days_before_it()
        {
            using var t = new TempStore();
            foreach (int back in new[] { 0, 1, 2, 3, 10 }) t.Store.Append(TempStore.Call(t.Now.AddDays(-back)));
            var dry = StoreRemoval.Run(t.Store, new RemovalRequest { OlderThanDays = 2, DryRun = true });
            Assert.Equal(2, dry.DaysArchived);
            Assert.Equal(5, t.Store.Query().Count());
            var report = StoreRemoval.Run(t.Store, new RemovalRequest { OlderThanDays = 2 });
            Assert.Equal(new[] { new DateTime(2026, 11, 12), new DateTime(2026, 11, 19) }, report.Steps.Select(s => s.Day));
            Assert.All(report.Steps, s => Assert.Equal(MaintenanceAction.Archive, s.Action));
            Assert.Equal(2, report.RecordsRemoved);
            Assert.Equal(3, t.Store.Query().Count());
            // The raw records are gone; their totals are not.
            Assert.Equal(5, CostReporter.Run(t.Store, RecordQuery.All).Total.Calls);

            var forGood = StoreRemoval.Run(t.Store, new RemovalRequest { OlderThanDays = 2, IncludeHistory = true });
            Assert.Equal(2, forGood.HistoryDaysDeleted);
            Assert.Equal(3, CostReporter.Run(t.Store, RecordQuery.All).Total.Calls);
        }

        [Fact]
        public void Removal_by_piped_ids_ignores_blanks_and_repeats()
        {
            using var t = new TempStore();
            var a = t.Store.Append(TempStore.Call(t.Now.AddDays(-1)));
            var b = t.Store.Append(TempStore.Call(t.Now));
            t.Store.Append(TempStore.Call(t.Now));
            var report = StoreRemoval.Run(t.Store, new RemovalRequest { Ids = new[] { a.Id, " ", b.Id, b.Id } });
            Assert.Equal(2, report.RecordsRemoved);
            Assert.Single(t.Store.Query());
        }

        [Fact]
        public void Exactly_one_mode_is_required()
        {
            using var t = new TempStore();
            Assert.Throws<TelemetryValidationException>(() => StoreRemoval.Run(t.Store, new RemovalRequest()));
            Assert.Throws<TelemetryValidationException>(() => StoreRemoval.Run(t.Store, new RemovalRequest { All = true, OlderThanDays = 3 }));
        }

        [Fact]
        public void All_and_before_delete_whole_days_and_the_description_says_what_goes()
        {
            using var t = new TempStore();
            t.Store.Append(TempStore.Call(t.Now.AddDays(-5)));
            t.Store.Append(TempStore.Call(t.Now.AddDays(-4)));
            t.Store.Append(TempStore.Call(t.Now));
            var before = StoreRemoval.Run(t.Store, new RemovalRequest { Before = new DateTime(2026, 11, 19), DryRun = true });
            Assert.Equal("remove the raw records of 2 days (their totals stay in history) (2026-11-17 … 2026-11-18), 2 records", StoreRemoval.Describe(before));
            var all = StoreRemoval.Run(t.Store, new RemovalRequest { All = true });
            Assert.Equal(3, all.RecordsRemoved);
            Assert.Empty(t.Store.Query());
            // Today had no history yet: its record is gone; the two closed days are kept as totals.
            Assert.Equal(2, CostReporter.Run(t.Store, RecordQuery.All).Total.Calls);
            Assert.Equal("nothing", StoreRemoval.Describe(StoreRemoval.Run(t.Store, new RemovalRequest { All = true, DryRun = true })));
            var everything = StoreRemoval.Run(t.Store, new RemovalRequest { All = true, IncludeHistory = true });
            Assert.Equal("delete the history of 2 days (2026-11-17 … 2026-11-18), 2 records", StoreRemoval.Describe(everything));
            Assert.Equal(0, CostReporter.Run(t.Store, RecordQuery.All).Total.Calls);
        }

        [Fact]
        public void Apply_retention_runs_the_configured_maintenance()
        {
            using var t = new TempStore();
            t.Store.Append(TempStore.Call(t.Now.AddDays(-10)));
            t.Store.Append(TempStore.Call(t.Now));
            var store = t.Reopen(o => o with { RetentionDays = 3 });
            var report = StoreRemoval.Run(store, new RemovalRequest { ApplyRetention = true });
            Assert.Equal(1, report.DaysArchived);
            Assert.Single(store.Query());
            Assert.Equal(2, CostReporter.Run(store, RecordQuery.All).Total.Calls);
        }
    }
}
