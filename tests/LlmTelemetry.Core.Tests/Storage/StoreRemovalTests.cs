using System;
using System.Linq;
using LlmTelemetry.Records;
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
            Assert.Equal(2, dry.DaysDeleted);
            Assert.Equal(5, t.Store.Query().Count());
            var report = StoreRemoval.Run(t.Store, new RemovalRequest { OlderThanDays = 2 });
            Assert.Equal(new[] { new DateTime(2026, 11, 12), new DateTime(2026, 11, 19) }, report.Steps.Select(s => s.Day));
            Assert.Equal(2, report.RecordsRemoved);
            Assert.Equal(3, t.Store.Query().Count());
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
            Assert.Equal("delete 2 day folders (2026-11-17 … 2026-11-18), 2 records", StoreRemoval.Describe(before));
            var all = StoreRemoval.Run(t.Store, new RemovalRequest { All = true });
            Assert.Equal(3, all.RecordsRemoved);
            Assert.Empty(t.Store.Query());
            Assert.Equal("nothing", StoreRemoval.Describe(StoreRemoval.Run(t.Store, new RemovalRequest { All = true, DryRun = true })));
        }

        [Fact]
        public void Apply_retention_runs_the_configured_maintenance()
        {
            using var t = new TempStore(configure: o => o with { RetentionDays = 3 });
            t.Store.Append(TempStore.Call(t.Now.AddDays(-10)));
            t.Store.Append(TempStore.Call(t.Now));
            var report = StoreRemoval.Run(t.Store, new RemovalRequest { ApplyRetention = true });
            Assert.Equal(1, report.DaysDeleted);
            Assert.Single(t.Store.Query());
        }
    }
}
