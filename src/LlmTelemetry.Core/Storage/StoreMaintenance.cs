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
    /// Retention, size cap and gzip compaction, plus explicit removal. Works on whole day folders under the store
    /// lock and never touches today's folder through retention, the size cap or compaction.
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

        /// <summary>Retention, then compaction, then the size cap (oldest days first). Dry run reports without changing anything.</summary>
        public MaintenanceReport Run(MaintenanceOptions options)
        {
            int retention = options.RetentionDays ?? _store.Settings.RetentionDays.Value;
            long cap = (long)(options.MaxSizeMB ?? _store.Settings.MaxSizeMB.Value) * 1024 * 1024;
            int compactAfter = options.CompactAfterDays ?? _store.Settings.CompactAfterDays;
            var today = _store.TodayUtc;
            var steps = new List<MaintenanceStep>();

            return _store.WithLock(() =>
            {
                var days = _store.Days().Where(d => d.Day < today).ToList();
                var sizes = days.ToDictionary(d => d.Day, d => d.SizeOnDisk());
                long before = sizes.Values.Sum() + new DayPartition(_store.Root, today).SizeOnDisk();
                long after = before;

                foreach (var day in days.Where(d => (today - d.Day).TotalDays >= retention).ToList())
                {
                    steps.Add(new MaintenanceStep(day.Day, MaintenanceAction.Delete, $"older than the {retention}-day retention", sizes[day.Day], -1));
                    if (!options.DryRun) DeleteDay(day);
                    after -= sizes[day.Day];
                    days.Remove(day);
                }

                foreach (var day in days.Where(d => (today - d.Day).TotalDays >= compactAfter && File.Exists(d.DataPath)))
                {
                    long old = sizes[day.Day];
                    long compacted = options.DryRun ? old : Compact(day);
                    steps.Add(new MaintenanceStep(day.Day, MaintenanceAction.Compact, $"older than {compactAfter} days", old - compacted, -1));
                    after -= old - compacted;
                    sizes[day.Day] = compacted;
                }

                foreach (var day in days.ToList())
                {
                    if (after <= cap) break;
                    steps.Add(new MaintenanceStep(day.Day, MaintenanceAction.Delete, $"store over the {cap / 1024 / 1024} MB size cap", sizes[day.Day], -1));
                    if (!options.DryRun) DeleteDay(day);
                    after -= sizes[day.Day];
                }
                return new MaintenanceReport(options.DryRun, steps, before, after);
            });
        }

        /// <summary>Deletes every day folder before <paramref name="utcDay"/> (today included only when asked by date).</summary>
        public MaintenanceReport RemoveBefore(DateTime utcDay, bool dryRun)
            => RemoveDays(d => d.Day < utcDay.Date, $"before {DayPartition.Name(utcDay)}", dryRun);

        /// <summary>Deletes the whole store's data (every day folder and the root summary).</summary>
        public MaintenanceReport RemoveAll(bool dryRun)
        {
            var report = RemoveDays(_ => true, "all data", dryRun);
            if (!dryRun) FileSystem.TryDelete(Path.Combine(_store.Root, DayPartition.SummaryFile));
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
                    foreach (var file in day.RecordFiles().ToList())
                        removed += dryRun ? CountIds(file, wanted) : RewriteWithout(file, wanted);
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

        private MaintenanceReport RemoveDays(Func<DayPartition, bool> which, string reason, bool dryRun)
        {
            return _store.WithLock(() =>
            {
                var steps = new List<MaintenanceStep>();
                long before = 0, after = 0;
                foreach (var day in _store.Days())
                {
                    long size = day.SizeOnDisk();
                    before += size;
                    if (which(day))
                    {
                        long records = CountRecords(day);
                        steps.Add(new MaintenanceStep(day.Day, MaintenanceAction.Delete, reason, size, records));
                        if (!dryRun) DeleteDay(day);
                        else after += size;
                    }
                    else
                    {
                        after += size;
                    }
                }
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

        /// <summary>Folds telemetry.jsonl (and any earlier .gz) into one telemetry.jsonl.gz; returns the day's new size.</summary>
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
