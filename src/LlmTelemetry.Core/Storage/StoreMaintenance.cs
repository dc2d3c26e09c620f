using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.IO.Compression;
using System.Linq;
using LlmTelemetry.Records;

namespace LlmTelemetry.Storage
{
    /// <summary>
    /// Retention, size caps and gzip compaction over both tiers, plus explicit removal. Works on whole days under the
    /// store lock and never touches today's folder through retention, the size cap or compaction. Removing a day's
    /// raw records keeps its rollup in history (<see cref="HistoryStore"/>); only the history limits, or a removal
    /// that asks for it, delete history.
    /// </summary>
    public sealed class StoreMaintenance
    {
        private const string MarkerFile = ".maintenance";
        private readonly TelemetryStore _store;

        internal StoreMaintenance(TelemetryStore store) => _store = store;

        /// <summary>
        /// Until when (UTC ticks) the marker is known to say "not due". Every append asks, so the marker file is
        /// read once and then again only when that time has passed, instead of two stat calls per record.
        /// </summary>
        private long _notDueBeforeTicks;

        /// <summary>Runs <see cref="Run"/> when it has not run in the last 24 hours (cheap check: one file's time, read once a day).</summary>
        public MaintenanceReport? RunIfDue()
        {
            var now = _store.Now.UtcDateTime;
            if (now.Ticks < Interlocked.Read(ref _notDueBeforeTicks)) return null;
            string marker = Path.Combine(_store.Root, MarkerFile);
            if (File.Exists(marker))
            {
                var last = File.GetLastWriteTimeUtc(marker);
                if (now - last < TimeSpan.FromDays(1))
                {
                    Interlocked.Exchange(ref _notDueBeforeTicks, (last + TimeSpan.FromDays(1)).Ticks);
                    return null;
                }
            }
            var report = Run(new MaintenanceOptions());
            try
            {
                OutputFile.WriteText(marker, now.ToString("o"), OutputPolicy.Owned, durable: false);
                File.SetLastWriteTimeUtc(marker, now);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw TelemetryException.ForIo(TelemetryOperation.Write, marker, ex);
            }
            Interlocked.Exchange(ref _notDueBeforeTicks, (now + TimeSpan.FromDays(1)).Ticks);
            return report;
        }

        /// <summary>
        /// Leftovers, then retention, compaction and the raw size cap (oldest days first), then the history tier's
        /// age and size limits. Retention and the size cap archive a day (its rollup goes to history, then its raw
        /// folder is deleted) rather than forget it. Dry run reports without changing anything.
        /// </summary>
        public MaintenanceReport Run(MaintenanceOptions options)
        {
            int retention = options.RetentionDays ?? _store.Settings.RetentionDays.Value;
            long cap = (long)(options.MaxSizeMB ?? _store.Settings.MaxSizeMB.Value) * 1024 * 1024;
            int compactAfter = options.CompactAfterDays ?? _store.Settings.CompactAfterDays;
            int historyDays = options.HistoryDays ?? _store.Settings.HistoryDays.Value;
            long historyCap = (long)(options.HistoryMaxSizeMB ?? _store.Settings.HistoryMaxSizeMB.Value) * 1024 * 1024;
            var today = _store.TodayUtc;
            var steps = new List<MaintenanceStep>();

            return _store.WithLock(() =>
            {
                long before = StoreBytes(), after = before;
                var history = new HashSet<DateTime>(_store.History.Days());
                var days = new List<DayPartition>();
                foreach (var day in _store.AllDayFolders().Where(d => d.Day < today))
                {
                    if (!history.Contains(day.Day))
                    {
                        days.Add(day);
                        continue;
                    }
                    // Maintenance stopped between writing this day's history and deleting its folder: the history is
                    // the day's account already (readers skip the folder), so the folder only has to go.
                    long size = day.SizeOnDisk();
                    steps.Add(new MaintenanceStep(day.Day, MaintenanceAction.Delete, "raw folder left beside the day's history by an interrupted archive", size, -1) { History = HistoryEffect.Kept });
                    if (!options.DryRun) DeleteDay(day);
                    after -= size;
                }
                var sizes = days.ToDictionary(d => d.Day, d => d.SizeOnDisk());
                long raw = sizes.Values.Sum() + new DayPartition(_store.Root, today).SizeOnDisk();

                foreach (var day in days.Where(d => (today - d.Day).TotalDays >= retention).ToList())
                {
                    after += Archive(day, $"older than the {retention}-day retention", sizes[day.Day], options.DryRun, steps);
                    raw -= sizes[day.Day];
                    history.Add(day.Day);
                    days.Remove(day);
                }

                foreach (var day in days.Where(d => (today - d.Day).TotalDays >= compactAfter && File.Exists(d.DataPath)))
                {
                    long old = sizes[day.Day];
                    long compacted = options.DryRun ? old : Compact(day);
                    steps.Add(new MaintenanceStep(day.Day, MaintenanceAction.Compact, $"older than {compactAfter} days", old - compacted, -1));
                    after -= old - compacted;
                    raw -= old - compacted;
                    sizes[day.Day] = compacted;
                }

                foreach (var day in days.ToList())
                {
                    if (raw <= cap) break;
                    after += Archive(day, $"store over the {cap / 1024 / 1024} MB size cap", sizes[day.Day], options.DryRun, steps);
                    raw -= sizes[day.Day];
                    history.Add(day.Day);
                }

                // History ages out, then the oldest rollups go until the tier fits its own budget.
                var kept = history.OrderBy(d => d).ToList();
                foreach (var day in kept.ToList())
                {
                    if (historyDays == 0 || (today - day).TotalDays < historyDays) break;
                    after -= DeleteHistory(day, $"history older than the {historyDays}-day history limit", options.DryRun, steps);
                    kept.Remove(day);
                }
                long historyBytes = kept.Sum(d => _store.History.SizeOf(d));
                foreach (var day in kept)
                {
                    if (historyBytes <= historyCap) break;
                    long size = DeleteHistory(day, $"history over the {historyCap / 1024 / 1024} MB history budget", options.DryRun, steps);
                    historyBytes -= size;
                    after -= size;
                }
                return new MaintenanceReport(options.DryRun, steps, before, after);
            });
        }

        /// <summary>
        /// Turns a raw day into a history day, in one step a crash cannot split: the rollup is written durably
        /// (renamed into place) before the folder is deleted, and a day with a rollup is answered from it alone, so at
        /// every moment the day counts once. Returns the change in the store's bytes (rollup added, folder removed).
        /// </summary>
        private long Archive(DayPartition day, string reason, long rawBytes, bool dryRun, List<MaintenanceStep> steps)
        {
            var rollup = _store.Summaries.GetDay(day);
            long records = rollup.IdCount;
            long rollupBytes = 0;
            if (!dryRun)
            {
                _store.History.Write(rollup.AsHistory());
                rollupBytes = _store.History.SizeOf(day.Day);
                DeleteDay(day);
            }
            steps.Add(new MaintenanceStep(day.Day, MaintenanceAction.Archive, reason, rawBytes, records));
            return rollupBytes - rawBytes;
        }

        private long DeleteHistory(DateTime day, string reason, bool dryRun, List<MaintenanceStep> steps)
        {
            long size = _store.History.SizeOf(day);
            // A damaged rollup must still be deletable (its read error says to remove it this way): uncounted then.
            long records = -1;
            if (_store.History.Has(day))
            {
                try { records = _store.History.Read(day).IdCount; }
                catch (TelemetryException) { }
            }
            if (!dryRun)
            {
                _store.History.Delete(day);
                _store.Summaries.Forget(day);
            }
            steps.Add(new MaintenanceStep(day, MaintenanceAction.DeleteHistory, reason, size, records));
            return size;
        }

        private long StoreBytes()
            => _store.AllDayFolders().Sum(d => d.SizeOnDisk()) + _store.History.SizeOnDisk();

        /// <summary>
        /// Removes the raw records of the days before <paramref name="utcDay"/>: each closed day is archived (its
        /// rollup kept in history), today's folder (when the date is after today) is deleted outright, since a day
        /// still being written has no history yet. With <paramref name="includeHistory"/> the days' history goes too.
        /// </summary>
        public MaintenanceReport RemoveBefore(DateTime utcDay, bool dryRun, bool includeHistory = false)
            => RemoveDays(d => d < utcDay.Date, $"before {DayPartition.Name(utcDay)}", dryRun, includeHistory);

        /// <summary>Removes every raw record (closed days archived, as <see cref="RemoveBefore"/>); with <paramref name="includeHistory"/> the history and the root summary too.</summary>
        public MaintenanceReport RemoveAll(bool dryRun, bool includeHistory = false)
        {
            var report = RemoveDays(_ => true, "all data", dryRun, includeHistory);
            if (!dryRun && includeHistory) FileSystem.TryDelete(Path.Combine(_store.Root, DayPartition.SummaryFile));
            return report;
        }

        /// <summary>Removes the records with these ids, rewriting only the days that hold them. Returns one step per day changed.</summary>
        public MaintenanceReport RemoveIds(IEnumerable<string> ids, bool dryRun)
        {
            var wanted = new HashSet<string>(ids, StringComparer.Ordinal);
            var steps = new List<MaintenanceStep>();
            if (wanted.Count == 0) return new MaintenanceReport(dryRun, steps, 0, 0);
            return _store.WithLock(() =>
            {
                long before = 0, after = 0;
                foreach (var day in _store.Days())
                {
                    long size = day.SizeOnDisk();
                    before += size;
                    long removed = 0;
                    // A removed record's corrections go with it, or they would bring it back.
                    var files = day.RecordFiles().ToList();
                    long records = 0;
                    foreach (var file in files)
                        records += dryRun ? CountIds(file, wanted) : RewriteWithout(file, wanted);
                    if (File.Exists(day.CorrectionsPath))
                    {
                        long corrections = dryRun ? CountIds(day.CorrectionsPath, wanted) : RewriteWithout(day.CorrectionsPath, wanted);
                        if (records == 0) records = corrections; // a correction whose record was torn is the record
                    }
                    removed = records;
                    if (removed > 0)
                    {
                        steps.Add(new MaintenanceStep(day.Day, MaintenanceAction.RemoveRecords, "removed by id", 0, removed));
                        if (!dryRun) Forget(day);
                    }
                    after += dryRun ? size : day.SizeOnDisk();
                }
                return new MaintenanceReport(dryRun, steps, before, after);
            });
        }

        private MaintenanceReport RemoveDays(Func<DateTime, bool> which, string reason, bool dryRun, bool includeHistory)
        {
            return _store.WithLock(() =>
            {
                var steps = new List<MaintenanceStep>();
                long before = StoreBytes(), after = before;
                var today = _store.TodayUtc;
                var history = new HashSet<DateTime>(_store.History.Days());
                foreach (var day in _store.AllDayFolders())
                {
                    if (!which(day.Day)) continue;
                    long size = day.SizeOnDisk();
                    if (history.Contains(day.Day) || includeHistory || day.Day >= today)
                    {
                        // A leftover beside its history, a removal of history too, or today (no history yet): deleted.
                        bool leftover = history.Contains(day.Day);
                        long records = leftover ? -1 : CountRecords(day);
                        steps.Add(new MaintenanceStep(day.Day, MaintenanceAction.Delete, reason, size, records) { History = leftover ? HistoryEffect.Kept : HistoryEffect.Deleted });
                        if (!dryRun) DeleteDay(day);
                        after -= size;
                    }
                    else
                    {
                        after += Archive(day, reason, size, dryRun, steps);
                    }
                }
                if (includeHistory)
                    foreach (var day in history.Where(which).OrderBy(d => d))
                        after -= DeleteHistory(day, reason + ", history included", dryRun, steps);
                return new MaintenanceReport(dryRun, steps, before, after);
            });
        }

        /// <summary>The records a removal deletes, counted as readers count them (once per id; torn lines are not records).</summary>
        private long CountRecords(DayPartition day) => _store.ReadDay(day, null, null).LongCount();

        private void DeleteDay(DayPartition day)
        {
            try
            {
                Directory.Delete(day.Folder, recursive: true);
            }
            catch (DirectoryNotFoundException)
            {
                // Already gone (another process's maintenance): the goal is met.
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw TelemetryException.ForIo(TelemetryOperation.Delete, day.Folder, ex);
            }
            Forget(day);
        }

        private void Forget(DayPartition day)
        {
            _store.Forget(day.Day);
            _store.Summaries.Forget(day.Day);
        }

        /// <summary>
        /// Folds telemetry.jsonl (and any earlier .gz) into one telemetry.jsonl.gz; returns the day's new size. The
        /// day's corrections stay beside it as they are (readers fold them in the same way either side of this).
        /// </summary>
        private long Compact(DayPartition day)
        {
            // On disk before the JSONL it replaces is deleted.
            OutputFile.Write(day.CompactedPath, OutputPolicy.Owned, durable: true, output =>
            {
                using var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true);
                foreach (var file in day.RecordFiles()) CopyLines(file, gzip, null);
            });
            try
            {
                File.Delete(day.DataPath);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw TelemetryException.ForIo(TelemetryOperation.Delete, day.DataPath, ex);
            }
            Forget(day);
            return day.SizeOnDisk();
        }

        private static long CountIds(string file, HashSet<string> ids)
        {
            long n = 0;
            using var reader = new JsonlLineReader(file);
            while (reader.TryReadLine(out var line))
                if (DayIdIndex.TryReadId(line, out var id) && ids.Contains(id!)) n++;
            return n;
        }

        /// <summary>Rewrites <paramref name="file"/> without the lines whose id is in <paramref name="ids"/>; unparsable lines are kept as they are.</summary>
        private static long RewriteWithout(string file, HashSet<string> ids)
        {
            if (CountIds(file, ids) == 0) return 0;
            return OutputFile.Write(file, OutputPolicy.Owned, durable: true, output =>
            {
                if (!file.EndsWith(".gz", StringComparison.Ordinal)) return CopyLines(file, output, ids);
                using var gzip = new GZipStream(output, CompressionLevel.Optimal, leaveOpen: true);
                return CopyLines(file, gzip, ids);
            });
        }

        private static long CopyLines(string file, Stream output, HashSet<string>? skipIds)
        {
            long skipped = 0;
            using var reader = new JsonlLineReader(file);
            while (reader.TryReadLine(out var line))
            {
                if (TelemetryStore.IsBlank(line)) continue;
                if (skipIds is not null && DayIdIndex.TryReadId(line, out var id) && skipIds.Contains(id!))
                {
                    skipped++;
                    continue;
                }
                var bytes = line.ToArray();
                output.Write(bytes, 0, bytes.Length);
                output.WriteByte((byte)'\n');
            }
            return skipped;
        }
    }
}
