using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using LlmTelemetry.Internal;
using LlmTelemetry.Records;

namespace LlmTelemetry.Storage
{
    /// <summary>
    /// The ids stored on each UTC day, with the token total each holds, loaded one day at a time and only when asked.
    /// Import dedup needs "is this id stored, and with how many tokens?" without loading the whole store: a record's
    /// timestamp names the only day it can be in, and a larger total makes the new version a correction
    /// (<see cref="DayPartition.CorrectionsPath"/>). A stored record is a line that parses as one (what every reader
    /// counts): a torn line is not, even when its id survived, so the call it held can be imported again. At most <see cref="MaxDays"/> days and <see cref="MaxIds"/> ids are held; the least
    /// recently used is dropped first. A day's entry follows its files: when the .jsonl only grew (another process
    /// appended), just the new lines are read; any other change reads the day again.
    /// </summary>
    internal sealed class DayIdIndex
    {
        private const int MaxDays = 64;

        /// <summary>
        /// Ids held across the days (about 50 MB): beyond it the least recently used days are dropped too, so an import
        /// of any size holds a bounded index. A log is written in time order, so an import rarely goes back to a day it
        /// dropped; when it does, the day is read again.
        /// </summary>
        private const int MaxIds = 1 << 17;

        /// <summary>How many leading bytes of a .jsonl identify it: the first record's "v" and id.</summary>
        private const int HeadBytes = 64;

        private readonly TelemetryStore _store;
        private readonly Dictionary<DateTime, Entry> _days = new Dictionary<DateTime, Entry>();
        private readonly object _gate = new object();
        private long _tick;

        public DayIdIndex(TelemetryStore store) => _store = store;

        public bool Contains(string id, DateTime utcDay)
        {
            lock (_gate) return Load(utcDay).Ids.ContainsKey(Hash128.Of(id));
        }

        /// <summary>
        /// Called under the store lock before records of one day are written (reading what other processes wrote
        /// since this index last looked): the positions in <paramref name="sameDay"/> of the records not stored yet
        /// (<paramref name="fresh"/>, first copy only), and of those that are stored with a smaller token total
        /// (<paramref name="corrections"/>: a later, larger version of the same call). The rest are duplicates. Their
        /// totals count as stored from now on; if the write then fails, the caller must <see cref="Forget"/> the day.
        /// </summary>
        public void Claim(DateTime utcDay, IReadOnlyList<TelemetryRecord> sameDay, List<int> fresh, List<int> corrections)
        {
            lock (_gate)
            {
                var ids = Load(utcDay).Ids;
                for (int i = 0; i < sameDay.Count; i++)
                {
                    var key = Hash128.Of(sameDay[i].Id);
                    long total = sameDay[i].Tokens.Total;
                    if (!ids.TryGetValue(key, out var stored)) fresh.Add(i);
                    else if (total > stored.Total) corrections.Add(i);
                    else continue;
                    ids[key] = new StoredId(total, sameDay[i].Timestamp);
                }
            }
        }

        /// <summary>
        /// Called under the store lock after this process appended bytes [start, end) to the day's .jsonl (holding
        /// <paramref name="id"/> when one record was appended without <see cref="Claim"/>). A loaded entry that had
        /// read everything before <paramref name="start"/> stays current without reading; otherwise its next use reads
        /// what it has not seen, these lines included.
        /// </summary>
        public void Written(DateTime utcDay, long start, long end, TelemetryRecord? record = null)
        {
            lock (_gate)
            {
                if (!_days.TryGetValue(utcDay, out var entry)) return;
                if (record is not null) Keep(entry.Ids, record);
                if (entry.DataOffset != start) return;
                entry.DataOffset = end;
                entry.DataStamp = StatStamp.Of(new DayPartition(_store.Root, utcDay).DataPath);
            }
        }

        /// <summary>
        /// Called under the store lock after this process appended corrections to the day's corrections file, having
        /// claimed them: an entry that was current then (Claim loaded it under the same lock) stays current.
        /// </summary>
        public void CorrectionsWritten(DateTime utcDay)
        {
            lock (_gate)
            {
                if (_days.TryGetValue(utcDay, out var entry))
                    entry.CorrectionsStamp = StatStamp.Of(new DayPartition(_store.Root, utcDay).CorrectionsPath);
            }
        }

        /// <summary>
        /// Called under the store lock, as <see cref="Claim"/> is, for records of the day after
        /// <paramref name="utcDay"/> that may be calls begun on it (<paramref name="mayBelong"/>): takes out of
        /// <paramref name="records"/> those whose id the day holds, and returns the ones with a larger token total as
        /// corrections of the day, at the stored version's time. Their totals count as stored from now on; if the
        /// write then fails, the caller must <see cref="Forget"/> the day.
        /// </summary>
        public List<TelemetryRecord> ClaimForDay(DateTime utcDay, List<TelemetryRecord> records, Predicate<TelemetryRecord> mayBelong)
        {
            var corrections = new List<TelemetryRecord>();
            lock (_gate)
            {
                var ids = Load(utcDay).Ids;
                records.RemoveAll(r =>
                {
                    if (!mayBelong(r)) return false;
                    var key = Hash128.Of(r.Id);
                    if (!ids.TryGetValue(key, out var stored)) return false;
                    if (r.Tokens.Total > stored.Total)
                    {
                        corrections.Add(r with { Timestamp = stored.At });
                        ids[key] = new StoredId(r.Tokens.Total, stored.At);
                    }
                    return true;
                });
            }
            return corrections;
        }

        public void Forget(DateTime utcDay)
        {
            lock (_gate) _days.Remove(utcDay);
        }

        private Entry Load(DateTime utcDay)
        {
            var day = new DayPartition(_store.Root, utcDay);
            var compacted = StatStamp.Of(day.CompactedPath);
            var data = StatStamp.Of(day.DataPath);
            var corrections = StatStamp.Of(day.CorrectionsPath);
            if (_days.TryGetValue(utcDay, out var entry) && entry.CompactedStamp == compacted && entry.CorrectionsStamp == corrections)
            {
                if (entry.DataStamp == data || (data.Exists && data.Length >= entry.DataOffset && ReadAppended(entry, day.DataPath, data)))
                {
                    entry.LastUsed = ++_tick;
                    return entry;
                }
            }
            entry = ReadDay(day, compacted, data, corrections);
            entry.LastUsed = ++_tick;
            _days[utcDay] = entry;
            EvictBeyondBounds(utcDay);
            return entry;
        }

        /// <summary>Drops the least recently used days, never <paramref name="keep"/>, until at most <see cref="MaxDays"/> days and <see cref="MaxIds"/> ids are held.</summary>
        private void EvictBeyondBounds(DateTime keep)
        {
            long ids = 0;
            foreach (var entry in _days.Values) ids += entry.Ids.Count;
            while (_days.Count > 1 && (_days.Count > MaxDays || ids > MaxIds))
            {
                DateTime oldest = default;
                long least = long.MaxValue;
                foreach (var pair in _days)
                {
                    if (pair.Key != keep && pair.Value.LastUsed < least) { least = pair.Value.LastUsed; oldest = pair.Key; }
                }
                ids -= _days[oldest].Ids.Count;
                _days.Remove(oldest);
            }
        }

        /// <summary>Every record of the day. The stamps were taken before the files were opened, so a change made meanwhile shows as a change next time.</summary>
        private static Entry ReadDay(DayPartition day, StatStamp compacted, StatStamp data, StatStamp corrections)
        {
            var entry = new Entry(compacted, data, corrections);
            var readers = day.OpenRecordFiles();
            try
            {
                foreach (var reader in readers)
                {
                    bool isData = string.Equals(reader.Path, day.DataPath, StringComparison.Ordinal);
                    if (isData) entry.Head = ReadHead(reader.Path);
                    long offset = IndexLines(reader, entry.Ids);
                    if (isData) entry.DataOffset = offset;
                }
            }
            finally
            {
                foreach (var r in readers) r.Dispose();
            }
            if (corrections.Exists)
            {
                try
                {
                    using var reader = new JsonlLineReader(day.CorrectionsPath);
                    IndexLines(reader, entry.Ids);
                }
                catch (TelemetryException) when (!File.Exists(day.CorrectionsPath))
                {
                    // Removed with its day meanwhile: the changed stamp reads the day again next time.
                }
            }
            return entry;
        }

        /// <summary>
        /// Reads the lines appended to the .jsonl since the entry last read it. False when the file is not the one the
        /// entry read (its first bytes differ, or the entry's offset is no longer the end of a line).
        /// </summary>
        private static bool ReadAppended(Entry entry, string path, StatStamp data)
        {
            try
            {
                if (entry.DataOffset > 0)
                {
                    using var check = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
                    if (!StartsWith(check, entry.Head)) return false;
                    check.Position = entry.DataOffset - 1;
                    if (check.ReadByte() != '\n') return false;
                }
                using var reader = new JsonlLineReader(path, entry.DataOffset);
                if (entry.DataOffset == 0) entry.Head = ReadHead(path);
                entry.DataOffset = IndexLines(reader, entry.Ids);
                entry.DataStamp = data;
                return true;
            }
            catch (Exception ex) when (ex is IOException || ex is TelemetryException)
            {
                // Gone or changed under us (maintenance in another process): reading the whole day again settles it.
                return false;
            }
        }

        /// <summary>
        /// Adds the id of every line that parses as a record and returns the offset after the last complete
        /// (newline-terminated) line: an unterminated tail may still be being written, so it is read again next time.
        /// </summary>
        private static long IndexLines(JsonlLineReader reader, Dictionary<Hash128, StoredId> ids)
        {
            long complete = reader.Position;
            while (reader.TryReadLine(out var line))
            {
                if (!TelemetryStore.IsBlank(line) && RecordSerializer.TryParse(line, out var record, out _)) Keep(ids, record!);
                if (!reader.LastLineUnterminated) complete = reader.Position;
            }
            return complete;
        }

        /// <summary>An id's largest token total, which a correction must exceed (the readers' rule, <see cref="DayCorrections"/>).</summary>
        private static void Keep(Dictionary<Hash128, StoredId> ids, TelemetryRecord record)
        {
            var key = Hash128.Of(record.Id);
            if (!ids.TryGetValue(key, out var stored) || record.Tokens.Total > stored.Total) ids[key] = new StoredId(record.Tokens.Total, record.Timestamp);
        }

        /// <summary>What the index holds of a stored id: the largest token total, and the time of the version holding it.</summary>
        internal readonly struct StoredId
        {
            public StoredId(long total, DateTimeOffset at)
            {
                Total = total;
                Ticks = at.UtcTicks;
            }

            public long Total { get; }
            public long Ticks { get; }
            public DateTimeOffset At => new DateTimeOffset(Ticks, TimeSpan.Zero);
        }

        private static byte[] ReadHead(string path)
        {
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
                var head = new byte[(int)Math.Min(HeadBytes, stream.Length)];
                int read = 0, n;
                while (read < head.Length && (n = stream.Read(head, read, head.Length - read)) > 0) read += n;
                if (read < head.Length) Array.Resize(ref head, read);
                return head;
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                return Array.Empty<byte>(); // deleted since it was opened: the next use reads the day again
            }
        }

        private static bool StartsWith(FileStream stream, byte[] head)
        {
            var buffer = new byte[head.Length];
            int read = 0, n;
            while (read < buffer.Length && (n = stream.Read(buffer, read, buffer.Length - read)) > 0) read += n;
            return read == head.Length && buffer.AsSpan().SequenceEqual(head);
        }

        /// <summary>
        /// Reads the top-level "id" of a line without deserialising the rest. Says nothing about whether the line is a
        /// record (a torn line keeps its id): for cheap checks only, never for "is it stored".
        /// </summary>
        internal static bool TryReadId(ReadOnlySpan<byte> line, out string? id)
        {
            id = null;
            try
            {
                var reader = new Utf8JsonReader(line);
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) return false;
                while (reader.Read())
                {
                    if (reader.TokenType == JsonTokenType.EndObject) return false;
                    if (reader.TokenType != JsonTokenType.PropertyName) return false;
                    bool isId = reader.ValueTextEquals("id"u8);
                    if (!reader.Read()) return false;
                    if (isId)
                    {
                        if (reader.TokenType != JsonTokenType.String) return false;
                        id = reader.GetString();
                        return !string.IsNullOrEmpty(id);
                    }
                    reader.Skip();
                }
            }
            catch (Exception ex) when (MalformedJson.Is(ex))
            {
                // A damaged line has no usable id; the callers treat it as one without.
            }
            return false;
        }

        private sealed class Entry
        {
            public Entry(StatStamp compacted, StatStamp data, StatStamp corrections)
            {
                CompactedStamp = compacted;
                DataStamp = data;
                CorrectionsStamp = corrections;
            }

            /// <summary>The day's ids as 128-bit hashes (see <see cref="Hash128"/>), each with its largest token total and
            /// time: 32 bytes an id rather than its string, so an import of a million calls does not hold a million id strings.</summary>
            public Dictionary<Hash128, StoredId> Ids { get; } = new Dictionary<Hash128, StoredId>();

            /// <summary>The corrections file as it was when the day was read (or this process last wrote to it).</summary>
            public StatStamp CorrectionsStamp { get; set; }

            /// <summary>The .jsonl.gz as it was when the day was read; any change to it means reading the day again.</summary>
            public StatStamp CompactedStamp { get; }

            /// <summary>The .jsonl as of the last read (or own append) that left <see cref="DataOffset"/> current.</summary>
            public StatStamp DataStamp { get; set; }

            /// <summary>Bytes of the .jsonl indexed: the end of its last complete line.</summary>
            public long DataOffset { get; set; }

            /// <summary>The .jsonl's first bytes, which tell the same file grown from a new one.</summary>
            public byte[] Head { get; set; } = Array.Empty<byte>();

            public long LastUsed { get; set; }
        }
    }
}
