using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Threading;
using LlmTelemetry.Records;

namespace LlmTelemetry.Storage
{
    /// <summary>
    /// The rollups of days that still have raw records, as a cache: read from the day's rollup.bin when its
    /// fingerprint matches the JSONL, rebuilt (and rewritten) when not. Today's is built in memory only, since today
    /// is still being written. Deleting every summary file changes no answer; it only makes the next query slower.
    /// An edited or damaged file fails its checksum (<see cref="RollupCodec"/>) and is rebuilt from the records.
    /// </summary>
    internal sealed class SummaryCache
    {
        private readonly TelemetryStore _store;
        // Recent days' rollups stay decoded for the next question in this process.
        private readonly RecentDays<DayRollup> _warm = new RecentDays<DayRollup>(40);

        internal SummaryCache(TelemetryStore store) => _store = store;

        /// <summary>The rollup of one UTC day's raw records, current with its files.</summary>
        public DayRollup GetDay(DayPartition day) => GetDay(day, CancellationToken.None);

        /// <summary>As <see cref="GetDay(DayPartition)"/>; a rebuild stops when <paramref name="cancellation"/> is cancelled, and writes nothing.</summary>
        internal DayRollup GetDay(DayPartition day, CancellationToken cancellation)
        {
            string fingerprint = day.Fingerprint();
            if (_warm.TryGet(day.Day, out var cached) && cached.Source == fingerprint) return cached;
            bool closed = day.Day < _store.TodayUtc;
            DayRollup? rollup = closed ? TryReadDay(day, fingerprint) : null;
            if (rollup is null)
            {
                var diagnostics = new ReadDiagnostics();
                rollup = DayRollup.Build(day.Day, _store.ReadDay(day, null, diagnostics, cancellation), fingerprint);
                // Read only now: the records are streamed inside Build, so the count is not known before it runs.
                rollup.SkippedLines = diagnostics.SkippedLines;
                if (closed && fingerprint.Length > 0) WriteDay(day, rollup);
            }
            _warm.Set(day.Day, rollup);
            return rollup;
        }

        /// <summary>Rolling totals for the store (raw days and history), current with every day's files.</summary>
        public RootSummary GetRoot()
        {
            var days = _store.Days();
            var history = _store.History.Days();
            var today = _store.TodayUtc;
            var sourceText = new StringBuilder(DayPartition.Name(today));
            foreach (var d in days) sourceText.Append(';').Append(DayPartition.Name(d.Day)).Append('=').Append(d.Fingerprint());
            foreach (var h in history)
            {
                // A rollup is replaced whole, by rename: its size and write time tell its versions apart (one stat).
                var stamp = StatStamp.Of(_store.History.PathOf(h));
                sourceText.Append(";h").Append(DayPartition.Name(h)).Append('=').Append(stamp.Length).Append('@').Append(stamp.Ticks);
            }
            string source = SealedJson.Hash(sourceText.ToString());
            string path = Path.Combine(_store.Root, DayPartition.SummaryFile);

            var existing = SealedJson.TryRead(path, SummaryJsonContext.Default.RootSummary, Warn);
            if (existing is not null && existing.Version == RootSummary.CurrentVersion && existing.Source == source) return existing;

            var root = new RootSummary { AsOfDay = DayPartition.Name(today), Source = source, Days = days.Count + history.Count };
            var rollups = new List<DayRollup>();
            foreach (var h in history) rollups.Add(_store.History.Read(h));
            foreach (var d in days) rollups.Add(GetDay(d));
            foreach (var s in rollups)
            {
                var totals = s.Totals;
                try
                {
                    root.AllTime.Merge(totals);
                    double age = (today - s.UtcDay).TotalDays;
                    if (age < 30 && age >= 0) root.Last30Days.Merge(totals);
                    if (age < 7 && age >= 0) root.Last7Days.Merge(totals);
                    if (age == 0) root.Today.Merge(totals);
                }
                catch (TotalOverflowException ex)
                {
                    throw ex.In("the store's rolling totals");
                }
                root.SkippedLines += s.SkippedLines;
            }
            if (Directory.Exists(_store.Root))
                SealedJson.Write(path, root, SummaryJsonContext.Default.RootSummary, durable: false);
            return root;
        }

        internal void Forget(DateTime day)
        {
            _warm.Remove(day);
        }

        private DayRollup? TryReadDay(DayPartition day, string fingerprint)
        {
            var rollup = RollupCodec.TryRead(day.RollupPath, Warn);
            return rollup is not null && rollup.Source == fingerprint ? rollup : null;
        }

        private void Warn(string message) => _store.RaiseWarning(message + " and rebuilt from the records");

        private void WriteDay(DayPartition day, DayRollup rollup)
        {
            try
            {
                RollupCodec.Write(day.RollupPath, rollup, durable: false);
            }
            catch (TelemetryException ex)
            {
                // The summary is only a cache; the answer was computed from the JSONL either way.
                _store.RaiseWarning("could not write summary cache: " + ex.Message);
            }
        }
    }
}
