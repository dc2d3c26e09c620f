using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using LlmTelemetry.Records;

namespace LlmTelemetry.Storage
{
    /// <summary>
    /// The history tier: &lt;root&gt;/history/YYYY-MM-DD.rollup, one <see cref="DayRollup"/> (<see cref="RollupCodec"/>) per UTC day
    /// whose raw records are gone. A day with a history rollup is answered from it alone: if its raw folder is still
    /// there (a crash between writing the rollup and deleting the folder), the folder is a leftover the next
    /// maintenance deletes, never counted. Writes happen under the store lock; reads may happen at any time, and a
    /// rollup is replaced by rename, so a reader sees the old one or the new one.
    /// </summary>
    internal sealed class HistoryStore
    {
        public const string FolderName = "history";
        public const string Suffix = ".rollup";

        private readonly TelemetryStore _store;
        // The last few days read, for imports and removals that ask about the same day again and again.
        private readonly RecentDays<(StatStamp Stamp, DayRollup Rollup)> _warm = new RecentDays<(StatStamp, DayRollup)>(16);

        internal HistoryStore(TelemetryStore store)
        {
            _store = store;
            Folder = Path.Combine(store.Root, FolderName);
        }

        public string Folder { get; }

        public string PathOf(DateTime utcDay) => Path.Combine(Folder, DayPartition.Name(utcDay) + Suffix);

        public bool Has(DateTime utcDay) => File.Exists(PathOf(utcDay));

        /// <summary>The days that have a history rollup, oldest first.</summary>
        public IReadOnlyList<DateTime> Days()
        {
            var days = new List<DateTime>();
            if (!Directory.Exists(Folder)) return days;
            try
            {
                foreach (var file in Directory.EnumerateFiles(Folder, "*" + Suffix))
                {
                    var name = Path.GetFileName(file);
                    if (DayPartition.TryParseName(name.Substring(0, name.Length - Suffix.Length), out var day)) days.Add(day);
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw TelemetryException.ForIo(TelemetryOperation.Read, Folder, ex);
            }
            days.Sort();
            return days;
        }

        /// <summary>
        /// The day's rollup. A file that is there but cannot be believed (damaged, edited) is an error naming it: it is
        /// the only account of that day, so answering without it would report less than was spent.
        /// </summary>
        public DayRollup Read(DateTime utcDay)
        {
            string path = PathOf(utcDay);
            var stamp = StatStamp.Of(path);
            if (_warm.TryGet(utcDay, out var cached) && cached.Stamp.Equals(stamp)) return cached.Rollup;
            var rollup = RollupCodec.TryRead(path, _store.RaiseWarning);
            if (rollup is null)
                throw new TelemetryException(TelemetryErrorCode.ReadError,
                    $"the history of {DayPartition.Name(utcDay)} ({path}) is damaged or of an unknown version; it is the only account of that day, so it is not ignored. Restore it from a backup, or remove it with Remove-LlmTelemetry -IncludeHistory / prune --include-history", path);
            _warm.Set(utcDay, (stamp, rollup));
            return rollup;
        }

        /// <summary>Writes the day's rollup durably (new file, renamed into place). Call under the store lock.</summary>
        public void Write(DayRollup rollup)
        {
            var day = rollup.UtcDay;
            RollupCodec.Write(PathOf(day), rollup, durable: true);
            _warm.Remove(day);
        }

        /// <summary>Deletes the day's rollup. Call under the store lock.</summary>
        public long Delete(DateTime utcDay)
        {
            string path = PathOf(utcDay);
            long size = SizeOf(utcDay);
            try
            {
                File.Delete(path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw TelemetryException.ForIo(TelemetryOperation.Delete, path, ex);
            }
            _warm.Remove(utcDay);
            return size;
        }

        /// <summary>Drops the cached copy of a day's rollup (a write that failed after changing it).</summary>
        public void Forget(DateTime utcDay)
        {
            _warm.Remove(utcDay);
        }

        public long SizeOf(DateTime utcDay)
        {
            var info = new FileInfo(PathOf(utcDay));
            return info.Exists ? info.Length : 0;
        }

        public long SizeOnDisk() => Days().Sum(SizeOf);
    }
}
