using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Exporters.Prometheus
{
    /// <summary>
    /// The Pushgateway totals of the days before today, cached so that the push after a call need not sum the whole
    /// store: a heavy store's rollups are tens of MB (a 1M-call, 180-day store: 3.7 s to sum them all), far over the
    /// 200 ms a call may be held up. <c>&lt;root&gt;/pushgateway/closed.json</c> holds the sum of every closed day,
    /// stamped with each day's file stamps; <c>pushgateway/days/&lt;day&gt;.json</c> holds one day's series. When the
    /// stamps match, a push reads that one file and sums today alone. When a day changed (maintenance compacted or
    /// archived it, an import added to it), only that day is summed again from its rollup, the others are read from
    /// their own files, and each day's file is written as soon as it is summed, so even a push given up at its deadline
    /// leaves the next one less to do. Sealed JSON (<see cref="SealedJson"/>): an edited file is not believed.
    /// Deleting the folder changes no answer; the next push rebuilds it.
    /// </summary>
    internal sealed class PushTotalsCache
    {
        public const string FolderName = "pushgateway";

        private readonly TelemetryStore _store;

        public PushTotalsCache(TelemetryStore store) => _store = store;

        private string Folder => Path.Combine(_store.Root, FolderName);
        private string ClosedPath => Path.Combine(Folder, "closed.json");
        private string DayPath(DateTime day) => Path.Combine(Folder, "days", DayPartition.Name(day) + ".json");

        /// <summary>The series of <paramref name="closed"/> (days before today, each with its raw folder or null for history), summed.</summary>
        public IReadOnlyList<PushSeries> Closed(IReadOnlyList<TieredDay> closed, CancellationToken cancellation)
        {
            var stamps = closed.Select(d => (Day: d, Stamp: StampOf(d))).ToList();
            var source = new StringBuilder("v").Append(PushTotalsFile.CurrentVersion);
            foreach (var (day, stamp) in stamps) source.Append(';').Append(DayPartition.Name(day.Day)).Append('=').Append(stamp);
            string sourceHash = SealedJson.Hash(source.ToString());
            var cached = Read(ClosedPath);
            if (cached is not null && cached.Source == sourceHash) return cached.Series;

            var sum = new Dictionary<string, PushSeries>(StringComparer.Ordinal);
            foreach (var (day, stamp) in stamps)
            {
                cancellation.ThrowIfCancellationRequested();
                var dayFile = Read(DayPath(day.Day));
                if (dayFile is null || dayFile.Source != stamp)
                {
                    dayFile = new PushTotalsFile { Source = stamp, Series = PushTotals.OfRollup(PushTotals.RollupOf(_store, day, cancellation)) };
                    Write(DayPath(day.Day), dayFile);
                }
                PushTotals.MergeInto(sum, dayFile.Series);
            }
            var merged = PushTotals.Sorted(sum.Values);
            Write(ClosedPath, new PushTotalsFile { Source = sourceHash, Series = merged });
            RemoveOthers(new HashSet<DateTime>(closed.Select(d => d.Day)));
            return merged;
        }

        /// <summary>What changes when a day's content may have: its raw files' fingerprint, or its history rollup's size and time (replaced whole, by rename).</summary>
        private string StampOf(TieredDay day)
        {
            if (day.Raw is not null) return "r" + day.Raw.Fingerprint();
            var stamp = StatStamp.Of(_store.History.PathOf(day.Day));
            return "h" + stamp.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + "@" + stamp.Ticks.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        private PushTotalsFile? Read(string path)
        {
            var file = SealedJson.TryRead(path, PushTotalsJsonContext.Default.PushTotalsFile, Warn);
            return file is not null && file.Version == PushTotalsFile.CurrentVersion && file.Series.TrueForAll(s => s.Counts.Length == PushSeries.CountsLength) ? file : null;
        }

        private void Write(string path, PushTotalsFile file)
        {
            if (!Directory.Exists(_store.Root)) return;
            try
            {
                SealedJson.Write(path, file, PushTotalsJsonContext.Default.PushTotalsFile, durable: false);
            }
            catch (TelemetryException ex)
            {
                // Only a cache: the push still sends what was just summed.
                _store.RaiseWarning("could not write the Pushgateway totals cache: " + ex.Message);
            }
        }

        /// <summary>The day files of days the store no longer has (removed, or now today's past a clock change).</summary>
        private void RemoveOthers(HashSet<DateTime> keep)
        {
            var folder = Path.Combine(Folder, "days");
            if (!Directory.Exists(folder)) return;
            foreach (var file in Directory.EnumerateFiles(folder, "*.json"))
            {
                if (DayPartition.TryParseName(Path.GetFileNameWithoutExtension(file), out var day) && keep.Contains(day)) continue;
                try
                {
                    File.Delete(file);
                }
                catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                {
                    _store.RaiseWarning($"could not delete {file}, a stale Pushgateway totals cache file: {ex.Message}");
                }
            }
        }

        private void Warn(string message) => _store.RaiseWarning(message + "; the Pushgateway totals are summed again from the rollups");
    }
}
