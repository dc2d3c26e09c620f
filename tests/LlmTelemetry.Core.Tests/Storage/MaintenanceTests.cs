using System;
using System.IO;
using System.Linq;
using LlmTelemetry.Queries;
using LlmTelemetry.Storage;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Tests.Storage
{
    public sealed class MaintenanceTests
    {
        private static TempStore StoreWithDays(int days, int perDay = 20)
        {
            var t = new TempStore();
            for (int d = 0; d < days; d++)
                t.Store.AppendBatch(Enumerable.Range(0, perDay).Select(i => TempStore.Call(t.Now.AddDays(-d).AddMinutes(-i))));
            return t;
        }

        private static string[] DayNames(TempStore t) => t.Store.Days().Select(d => DayPartition.Name(d.Day)).ToArray();

        [Fact]
        public void Retention_archives_days_older_than_n_and_keeps_today()
        {
            using var t = StoreWithDays(12);
            var dry = t.Store.Maintenance.Run(new MaintenanceOptions { DryRun = true, RetentionDays = 5, CompactAfterDays = 100 });
            Assert.Equal(7, dry.DaysArchived);
            Assert.Equal(12, t.Store.Days().Count); // dry run changed nothing
            Assert.Empty(t.Store.History.Days());

            var report = t.Store.Maintenance.Run(new MaintenanceOptions { RetentionDays = 5, CompactAfterDays = 100 });
            Assert.Equal(7, report.DaysArchived);
            Assert.Equal(new[] { "2026-11-18", "2026-11-19", "2026-11-20", "2026-11-21", "2026-11-22" }, DayNames(t));
            Assert.Equal(7, t.Store.History.Days().Count);

            t.Store.Maintenance.Run(new MaintenanceOptions { RetentionDays = 1, CompactAfterDays = 100 });
            Assert.Equal(new[] { "2026-11-22" }, DayNames(t));
            Assert.Equal(20, t.Store.Query().Count());
            // Every call still counts: the archived days answer from their history.
            Assert.Equal(240, CostReporter.Run(t.Store, RecordQuery.All).Total.Calls);
        }

        [Fact]
        public void The_size_cap_removes_the_oldest_days_first_and_never_today()
        {
            using var t = StoreWithDays(6, perDay: 3000); // each day is ~1.3 MB
            long dayBytes = t.Store.Days()[0].SizeOnDisk();
            int capMb = (int)Math.Ceiling(dayBytes * 2.5 / 1024 / 1024);
            var report = t.Store.Maintenance.Run(new MaintenanceOptions { MaxSizeMB = capMb, RetentionDays = 365, CompactAfterDays = 100 });
            Assert.True(t.Store.Days().Sum(d => d.SizeOnDisk()) <= (long)capMb * 1024 * 1024);
            Assert.All(report.Steps, s => Assert.Equal(MaintenanceAction.Archive, s.Action));
            var left = DayNames(t);
            Assert.Contains("2026-11-22", left);
            Assert.Equal(left.OrderBy(x => x), left);
            Assert.Equal("2026-11-22", left.Last());
            Assert.All(report.Steps, s => Assert.True(string.CompareOrdinal(DayPartition.Name(s.Day), left.First()) < 0));

            using var tiny = StoreWithDays(2, perDay: 3000);
            tiny.Store.Maintenance.Run(new MaintenanceOptions { MaxSizeMB = 1, RetentionDays = 365, CompactAfterDays = 100 });
            Assert.Equal(new[] { "2026-11-22" }, DayNames(tiny)); // today stays even over the cap
        }

        [Fact]
        public void Compaction_keeps_every_record_readable()
        {
            using var t = StoreWithDays(10);
            var before = t.Store.Query().ToList();
            var beforeCost = CostReporter.Run(t.Store, RecordQuery.All).Total;
            var report = t.Store.Maintenance.Run(new MaintenanceOptions { CompactAfterDays = 7, RetentionDays = 365 });
            Assert.Equal(3, report.DaysCompacted);
            var compacted = t.Store.Days().Where(d => File.Exists(d.CompactedPath)).Select(d => DayPartition.Name(d.Day)).ToArray();
            Assert.Equal(new[] { "2026-11-13", "2026-11-14", "2026-11-15" }, compacted);
            Assert.All(t.Store.Days().Where(d => File.Exists(d.CompactedPath)), d => Assert.False(File.Exists(d.DataPath)));
            Assert.Equal(before, t.Store.Query().ToList());
            Assert.Equal(beforeCost, CostReporter.Run(t.Store, RecordQuery.All).Total);

            // A record imported later into a compacted day sits beside the .gz and is read with it.
            var late = t.Store.Append(TempStore.Call(t.Now.AddDays(-9).AddHours(-1)));
            Assert.Contains(late, t.Store.Query());
            t.Store.Maintenance.Run(new MaintenanceOptions { CompactAfterDays = 7, RetentionDays = 365 });
            Assert.Equal(before.Count + 1, t.Store.Query().Count());
        }

        [Fact]
        public void Removal_by_id_rewrites_only_those_records_including_compacted_days()
        {
            using var t = StoreWithDays(10, perDay: 5);
            t.Store.Maintenance.Run(new MaintenanceOptions { CompactAfterDays = 7, RetentionDays = 365 });
            var all = t.Store.Query().ToList();
            var victims = new[] { all[0].Id, all[1].Id, all[^1].Id };
            var dry = t.Store.Maintenance.RemoveIds(victims, dryRun: true);
            Assert.Equal(3, dry.RecordsRemoved);
            Assert.Equal(all.Count, t.Store.Query().Count());
            var report = t.Store.Maintenance.RemoveIds(victims, dryRun: false);
            Assert.Equal(3, report.RecordsRemoved);
            Assert.Equal(all.Where(r => !victims.Contains(r.Id)).ToList(), t.Store.Query().ToList());
        }

        [Fact]
        public void Remove_before_and_remove_all_archive_closed_days_and_delete_today()
        {
            using var t = StoreWithDays(5);
            var report = t.Store.Maintenance.RemoveBefore(new DateTime(2026, 11, 20), dryRun: false);
            Assert.Equal(2, report.DaysArchived);
            Assert.Equal(40, report.RecordsRemoved);
            Assert.Equal(3, t.Store.Days().Count);
            t.Store.Maintenance.RemoveAll(dryRun: false);
            Assert.Empty(t.Store.Days());
            Assert.Empty(t.Store.Query());
            // Closed days keep their totals; today, which has no history yet, is gone.
            Assert.Equal(80, CostReporter.Run(t.Store, RecordQuery.All).Total.Calls);
            t.Store.Maintenance.RemoveAll(dryRun: false, includeHistory: true);
            Assert.Empty(t.Store.History.Days());
            Assert.Equal(0, CostReporter.Run(t.Store, RecordQuery.All).Total.Calls);
        }

        [Fact]
        public void Automatic_maintenance_runs_at_most_once_a_day_on_append()
        {
            using var t = new TempStore(configure: o => o with { AutoMaintenance = true, RetentionDays = 3 });
            // Raw days past the retention, as a store that keeps more raw days writes them.
            var keeper = t.Reopen(o => o with { AutoMaintenance = false, RetentionDays = 365 });
            keeper.AppendBatch(Enumerable.Range(0, 6).Select(d => TempStore.Call(t.Now.AddDays(-d))));
            Assert.Equal(6, t.Store.Days().Count);
            t.Store.Append(TempStore.Call(t.Now));
            Assert.Equal(3, t.Store.Days().Count); // the append triggered the first run
            keeper.AppendBatch(new[] { TempStore.Call(t.Now.AddDays(-6)) });
            t.Store.Append(TempStore.Call(t.Now));
            Assert.Equal(4, t.Store.Days().Count); // not again the same day
            t.Now = t.Now.AddDays(1).AddHours(1);
            t.Store.Append(TempStore.Call(t.Now));
            Assert.Equal(new[] { "2026-11-21", "2026-11-22", "2026-11-23" }, DayNames(t));
            Assert.Equal(10, CostReporter.Run(t.Store, RecordQuery.All).Total.Calls);
        }

        [Fact]
        public void A_second_store_on_the_same_root_honours_the_first_ones_daily_run_and_runs_when_it_is_due()
        {
            using var t = new TempStore(configure: o => o with { AutoMaintenance = true, RetentionDays = 3 });
            t.Store.Append(TempStore.Call(t.Now)); // first run of the day, marker written
            var other = t.Reopen(); // what another process sees
            t.Reopen(o => o with { AutoMaintenance = false, RetentionDays = 365 }).AppendBatch(new[] { TempStore.Call(t.Now.AddDays(-5)) });
            other.Append(TempStore.Call(t.Now));
            Assert.Equal(2, t.Store.Days().Count); // the marker says it already ran today
            t.Now = t.Now.AddDays(1).AddHours(1);
            other.Append(TempStore.Call(t.Now));
            Assert.Equal(new[] { "2026-11-22", "2026-11-23" }, DayNames(t));
        }
    }
}
