using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Exporters.Shipping
{
    /// <summary>
    /// Ships a store to an <see cref="IShipSink"/> from its checkpoint: raw days oldest first, each from the line
    /// after the last one shipped, as every reader of the store reads them (an id once, its largest correction in
    /// its place); then the rollups of history days (days whose raw records are gone) not shipped yet. Records are
    /// batched, and the checkpoint moves on, on disk, only after the sink accepted a batch: a crash or Ctrl+C
    /// re-sends at most the batch in flight. Reads one day at a time and holds one batch, so memory stays flat
    /// whatever the store's size.
    /// </summary>
    internal sealed class Shipper
    {
        private readonly TelemetryStore _store;
        private readonly IShipSink _sink;
        private readonly SendOptions _options;
        private readonly ShipAnonymizer _anonymizer;
        private readonly string _checkpointPath;
        private readonly ShipCheckpoint _checkpoint;

        private readonly List<TelemetryRecord> _batch = new List<TelemetryRecord>();

        /// <summary>Day marks as they stand after the records read so far; committed with the next accepted batch.</summary>
        private readonly Dictionary<string, ShipDayMark> _pending = new Dictionary<string, ShipDayMark>(StringComparer.Ordinal);

        private long _recordsSent, _rollupRowsSent, _skipped;
        private int _batches, _historyDaysSent;

        private Shipper(TelemetryStore store, IShipSink sink, SendOptions options, ShipAnonymizer anonymizer)
        {
            _store = store;
            _sink = sink;
            _options = options;
            _anonymizer = anonymizer;
            _checkpointPath = ShipCheckpoint.PathFor(store.Root, sink.Name, sink.Target);
            _checkpoint = options.FromStart ? new ShipCheckpoint { Sink = sink.Name, Target = sink.Target }
                : ShipCheckpoint.Load(_checkpointPath, sink.Name, sink.Target);
            _checkpoint.Host = Environment.MachineName;
        }

        public static async Task<SendResult> RunAsync(TelemetryStore store, IShipSink sink, SendOptions options, ShipAnonymizer anonymizer,
            CancellationToken cancellationToken)
        {
            if (store is null) throw new ArgumentNullException(nameof(store));
            if (sink is null) throw new ArgumentNullException(nameof(sink));
            // Two sends to one target at once (a scheduled task that overran) would both move one checkpoint.
            StoreLock.Holder? held = null;
            string lockPath = ShipCheckpoint.PathFor(store.Root, sink.Name, sink.Target) + ".lock";
            if (!options.DryRun)
            {
                FileSystem.EnsureDirectory(Path.GetDirectoryName(lockPath)!);
                try
                {
                    held = StoreLock.OnFile(lockPath, TimeSpan.FromSeconds(2)).Acquire();
                }
                catch (TelemetryException e) when (e.Code == TelemetryErrorCode.LockTimeout)
                {
                    throw new TelemetryException(TelemetryErrorCode.LockTimeout,
                        $"another send to {sink.Name} {sink.Target} from this store is running (it holds {lockPath}); try again when it has finished", lockPath, TelemetryOperation.Write, e);
                }
            }
            try
            {
                var shipper = new Shipper(store, sink, options, anonymizer);
                if (!options.DryRun) await sink.PrepareAsync(cancellationToken).ConfigureAwait(false);
                return await shipper.ShipAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                held?.Dispose();
            }
        }

        private async Task<SendResult> ShipAsync(CancellationToken cancellationToken)
        {
            var raw = _store.Days();
            var rawNames = new HashSet<string>(StringComparer.Ordinal);
            foreach (var day in raw)
            {
                rawNames.Add(DayPartition.Name(day.Day));
                if (BeforeSince(day.Day)) continue;
                await ShipDayAsync(day, cancellationToken).ConfigureAwait(false);
            }
            await FlushAsync(cancellationToken).ConfigureAwait(false);

            var history = _store.History.Days();
            foreach (var day in history)
            {
                if (BeforeSince(day)) continue;
                await ShipHistoryDayAsync(day, cancellationToken).ConfigureAwait(false);
            }

            // Days gone from the store (removed, or past the history's reach) need no place any more; a history
            // day's raw mark stays, since it says that day's records were shipped as records.
            var historyNames = new HashSet<string>(StringComparer.Ordinal);
            foreach (var day in history) historyNames.Add(DayPartition.Name(day));
            var goneDays = _checkpoint.Days.Keys.Where(name => !rawNames.Contains(name) && !historyNames.Contains(name)).ToList();
            var goneHistory = _checkpoint.History.Keys.Where(name => !historyNames.Contains(name)).ToList();
            foreach (var name in goneDays) _checkpoint.Days.Remove(name);
            foreach (var name in goneHistory) _checkpoint.History.Remove(name);
            if (goneDays.Count + goneHistory.Count > 0) Save();

            string? lastDay = null;
            long lastLine = 0;
            foreach (var pair in _checkpoint.Days)
            {
                lastDay = pair.Key;
                lastLine = pair.Value.Lines;
            }
            return new SendResult
            {
                Sink = _sink.Name,
                Target = _sink.Target,
                RecordsSent = _recordsSent,
                RollupRowsSent = _rollupRowsSent,
                HistoryDaysSent = _historyDaysSent,
                Batches = _batches,
                Skipped = _skipped,
                CheckpointPath = _checkpointPath,
                CheckpointDay = lastDay,
                CheckpointLine = lastLine,
                DryRun = _options.DryRun,
            };
        }

        private bool BeforeSince(DateTime utcDay) => _options.Since is DateTimeOffset since && utcDay.AddDays(1) <= since.UtcDateTime;

        /// <summary>
        /// One raw day from its mark: the lines already shipped are only walked for their ids (a later copy of one of
        /// them is no new record), the rest parsed and batched with the day's corrections folded in as every reader
        /// folds them. When the corrections file changed since the day was last shipped, the corrections of lines
        /// shipped before (and of lines that are not there) are shipped too: each is the larger, true version.
        /// </summary>
        private async Task ShipDayAsync(DayPartition day, CancellationToken cancellationToken)
        {
            string name = DayPartition.Name(day.Day);
            var mark = _checkpoint.Day(day.Day);
            // Stamps before the read: anything written during it changes them, so the next send looks again.
            string fingerprint = day.Fingerprint();
            string? correctionsStamp = FileStamp.Of(day.CorrectionsPath);
            if (mark is not null && mark.Fingerprint == fingerprint) return;

            long from = mark?.Lines ?? 0;
            string? expectedId = mark?.LastId;
            string? shippedCorrections = mark?.Corrections;
            while (true)
            {
                var outcome = await ReadDayFromAsync(day, name, from, expectedId, shippedCorrections, correctionsStamp, cancellationToken).ConfigureAwait(false);
                if (outcome is ShipDayMark done)
                {
                    done.Fingerprint = fingerprint;
                    _pending[name] = done;
                    return;
                }
                // The lines before the mark are not those shipped (the day was rewritten, or lost lines): ship it
                // again whole; the target's dedup by id keeps what was shipped before from counting twice.
                from = 0;
                expectedId = null;
                shippedCorrections = null;
            }
        }

        /// <returns>The day's mark at its end, or null when the lines before <paramref name="from"/> are not those shipped.</returns>
        private async Task<ShipDayMark?> ReadDayFromAsync(DayPartition day, string name, long from, string? expectedId, string? shippedCorrections,
            string? correctionsStamp, CancellationToken cancellationToken)
        {
            var corrections = DayCorrections.Read(day, null, null);
            var seen = new IdSet();
            long line = 0;
            string? lastId = null;
            var readers = day.OpenRecordFiles();
            try
            {
                foreach (var reader in readers)
                {
                    while (reader.TryReadLine(out var bytes))
                    {
                        if (TelemetryStore.IsBlank(bytes)) continue;
                        if (line < from)
                        {
                            line++;
                            DayIdIndex.TryReadId(bytes, out var oldId);
                            if (oldId is not null) seen.Add(oldId);
                            if (line == from && expectedId is not null && oldId != expectedId) return null;
                            continue;
                        }
                        cancellationToken.ThrowIfCancellationRequested();
                        if (!RecordSerializer.TryParse(bytes, out var record, out _))
                        {
                            // A last line still being written is read again next time; any other unreadable line
                            // is what every reader skips, counted.
                            if (reader.LastLineUnterminated) break;
                            line++;
                            lastId = null;
                            _skipped++;
                            Mark(name, line, null);
                            continue;
                        }
                        line++;
                        lastId = record!.Id;
                        if (!seen.Add(record.Id))
                        {
                            Mark(name, line, lastId);
                            continue;
                        }
                        bool matches = true;
                        if (corrections is not null) record = corrections.Apply(record, ref matches);
                        await OfferAsync(record, name, line, lastId, cancellationToken).ConfigureAwait(false);
                    }
                }
            }
            finally
            {
                foreach (var r in readers) r.Dispose();
            }
            if (line < from) return null;

            if (corrections is not null && correctionsStamp != shippedCorrections)
                foreach (var (record, _) in corrections.Left())
                    await OfferAsync(record, name, line, lastId ?? expectedId, cancellationToken).ConfigureAwait(false);
            var final = Mark(name, line, line == from ? expectedId : lastId);
            final.Corrections = correctionsStamp;
            return final;
        }

        private async Task OfferAsync(TelemetryRecord record, string day, long line, string? lastId, CancellationToken cancellationToken)
        {
            if (_options.Since is DateTimeOffset since && record.Timestamp < since)
            {
                _skipped++;
                Mark(day, line, lastId);
                return;
            }
            _batch.Add(_anonymizer.Apply(record));
            Mark(day, line, lastId);
            if (_batch.Count >= Math.Max(1, _sink.BatchSize)) await FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        /// <summary>The day's pending mark, moved to <paramref name="line"/>; its fingerprint stays unset until the day is read to its end.</summary>
        private ShipDayMark Mark(string day, long line, string? lastId)
        {
            if (!_pending.TryGetValue(day, out var mark))
            {
                var before = _checkpoint.Days.TryGetValue(day, out var known) ? known : null;
                mark = new ShipDayMark { Corrections = before?.Corrections };
                _pending[day] = mark;
            }
            mark.Lines = line;
            mark.LastId = lastId;
            mark.Fingerprint = null;
            return mark;
        }

        /// <summary>Sends the batch, then moves the checkpoint over everything read before it, on disk.</summary>
        private async Task FlushAsync(CancellationToken cancellationToken)
        {
            if (_batch.Count > 0)
            {
                if (!_options.DryRun) await _sink.SendRecordsAsync(_batch, cancellationToken).ConfigureAwait(false);
                _batches++;
                _recordsSent += _batch.Count;
                _batch.Clear();
            }
            if (_pending.Count == 0) return;
            foreach (var pair in _pending)
                _checkpoint.Days[pair.Key] = new ShipDayMark
                {
                    Lines = pair.Value.Lines,
                    LastId = pair.Value.LastId,
                    Fingerprint = pair.Value.Fingerprint,
                    Corrections = pair.Value.Corrections,
                };
            _pending.Clear();
            Save();
        }

        /// <summary>
        /// A history day's rollup, when it changed since last shipped. A day whose records were shipped as records
        /// before its raw files went is not shipped again as a rollup: the target would count it twice.
        /// </summary>
        private async Task ShipHistoryDayAsync(DateTime utcDay, CancellationToken cancellationToken)
        {
            string name = DayPartition.Name(utcDay);
            if (_checkpoint.Days.TryGetValue(name, out var raw) && raw.Lines > 0) return;
            string stamp = FileStamp.Of(_store.History.PathOf(utcDay)) ?? "";
            if (_checkpoint.History.TryGetValue(name, out var shipped) && shipped == stamp) return;
            var rollup = _store.History.Read(utcDay);
            var rows = new List<ShipRollupRow>(rollup.Cells.Count);
            foreach (var cell in rollup.Cells)
                rows.Add(new ShipRollupRow
                {
                    SlotStartUtc = cell.SlotStart(utcDay).UtcDateTime,
                    EventType = cell.EventType,
                    Model = cell.Model,
                    Provider = cell.Provider,
                    Agent = cell.Agent,
                    Operation = cell.Operation,
                    Project = cell.Project,
                    Session = cell.Session,
                    User = _anonymizer.Hash(cell.User),
                    Host = _anonymizer.Hash(cell.Host),
                    Failed = cell.Failed,
                    Totals = cell.Totals,
                    Latency = cell.Latency,
                });
            bool taken = _options.DryRun ? _sink.AcceptsRollups : await _sink.SendRollupDayAsync(utcDay, rows, cancellationToken).ConfigureAwait(false);
            if (!taken)
            {
                _skipped += rollup.Totals.Events;
                return;
            }
            _batches++;
            _historyDaysSent++;
            _rollupRowsSent += rows.Count;
            _checkpoint.History[name] = stamp;
            Save();
        }

        private void Save()
        {
            if (_options.DryRun) return;
            _checkpoint.Updated = _store.Now;
            _checkpoint.Save(_checkpointPath);
        }
    }
}
