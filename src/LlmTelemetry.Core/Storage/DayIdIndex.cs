using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using LlmTelemetry.Internal;
using LlmTelemetry.Records;

namespace LlmTelemetry.Storage
{
    /// <summary>
    /// The ids stored on each UTC day, loaded one day at a time and only when asked. Import dedup needs
    /// "is this id stored?" without loading the whole store: a record's timestamp names the only day it can be in.
    /// A stored record is a line that parses as one (what every reader counts): a torn line is not, even when its
    /// id survived, so the call it held can be imported again. At most <see cref="MaxDays"/> days are held; the least
    /// recently used is dropped first. A day's entry follows its files: when the .jsonl only grew (another process
    /// appended), just the new lines are read; any other change reads the day again.
    /// </summary>
    internal sealed class DayIdIndex
    {
        private const int MaxDays = 64;

        /// <summary>How many leading bytes of a .jsonl identify it: the first record's "v" and id.</summary>
        private const int HeadBytes = 64;

        private readonly TelemetryStore _store;
        private readonly Dictionary<DateTime, Entry> _days = new Dictionary<DateTime, Entry>();
        private readonly object _gate = new object();
        private long _tick;

        public DayIdIndex(TelemetryStore store) => _store = store;

        public bool Contains(string id, DateTime utcDay)
        {
            lock (_gate) return Load(utcDay).Ids.Contains(Hash128.Of(id));
        }

        /// <summary>
        /// Called under the store lock before records of one day are written: the positions in
        /// <paramref name="sameDay"/> of the records not stored yet (reading what other processes wrote since this
        /// index last looked), first copy only. Their ids count as stored from now on; if the write then fails, the
        /// caller must <see cref="Forget"/> the day.
        /// </summary>
        public List<int> Claim(DateTime utcDay, IReadOnlyList<TelemetryRecord> sameDay)
        {
            lock (_gate)
            {
                var ids = Load(utcDay).Ids;
                var fresh = new List<int>(sameDay.Count);
                for (int i = 0; i < sameDay.Count; i++)
                {
                    if (ids.Add(Hash128.Of(sameDay[i].Id))) fresh.Add(i);
                }
                return fresh;
            }
        }

        /// <summary>
        /// Called under the store lock after this process appended bytes [start, end) to the day's .jsonl (holding
        /// <paramref name="id"/> when one record was appended without <see cref="Claim"/>). A loaded entry that had
        /// read everything before <paramref name="start"/> stays current without reading; otherwise its next use reads
        /// what it has not seen, these lines included.
        /// </summary>
        public void Written(DateTime utcDay, long start, long end, string? id = null)
        {
            lock (_gate)
            {
                if (!_days.TryGetValue(utcDay, out var entry)) return;
                if (id is not null) entry.Ids.Add(Hash128.Of(id));
                if (entry.DataOffset != start) return;
                entry.DataOffset = end;
                entry.DataStamp = StatStamp.Of(new DayPartition(_store.Root, utcDay).DataPath);
            }
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
            if (_days.TryGetValue(utcDay, out var entry) && entry.CompactedStamp == compacted)
            {
                if (entry.DataStamp == data || (data.Exists && data.Length >= entry.DataOffset && ReadAppended(entry, day.DataPath, data)))
                {
                    entry.LastUsed = ++_tick;
                    return entry;
                }
            }
            entry = ReadDay(day, compacted, data);
            entry.LastUsed = ++_tick;
            if (_days.Count >= MaxDays && !_days.ContainsKey(utcDay)) EvictOldest();
            _days[utcDay] = entry;
            return entry;
        }

        private void EvictOldest()
        {
            DateTime oldest = default;
            long least = long.MaxValue;
            foreach (var pair in _days)
            {
                if (pair.Value.LastUsed < least) { least = pair.Value.LastUsed; oldest = pair.Key; }
            }
            _days.Remove(oldest);
        }

        /// <summary>Every record of the day. The stamps were taken before the files were opened, so a change made meanwhile shows as a change next time.</summary>
        private static Entry ReadDay(DayPartition day, StatStamp compacted, StatStamp data)
        {
            var entry = new Entry(compacted, data);
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
        private static long IndexLines(JsonlLineReader reader, HashSet<Hash128> ids)
        {
            long complete = reader.Position;
            while (reader.TryReadLine(out var line))
            {
                if (!TelemetryStore.IsBlank(line) && RecordSerializer.TryParse(line, out var record, out _)) ids.Add(Hash128.Of(record!.Id));
                if (!reader.LastLineUnterminated) complete = reader.Position;
            }
            return complete;
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
            public Entry(StatStamp compacted, StatStamp data)
            {
                CompactedStamp = compacted;
                DataStamp = data;
            }

            /// <summary>The day's ids as 128-bit hashes (see <see cref="Hash128"/>): 16 bytes an id rather than its string,
            /// so an import of a million calls does not hold a million id strings.</summary>
            public HashSet<Hash128> Ids { get; } = new HashSet<Hash128>();

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
