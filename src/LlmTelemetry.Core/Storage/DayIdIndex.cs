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
    /// At most <see cref="MaxDays"/> days are held; the least recently used is dropped first.
    /// </summary>
    internal sealed class DayIdIndex
    {
        private const int MaxDays = 64;

        private readonly TelemetryStore _store;
        private readonly Dictionary<DateTime, Entry> _days = new Dictionary<DateTime, Entry>();
        private readonly object _gate = new object();
        private long _tick;

        public DayIdIndex(TelemetryStore store) => _store = store;

        public bool Contains(string id, DateTime utcDay)
        {
            lock (_gate) return Load(utcDay).Ids.Contains(id);
        }

        /// <summary>Called under the store lock right after records of one day were written.</summary>
        public void Added(TelemetryRecord record) => Added(new[] { record });

        public void Added(IEnumerable<TelemetryRecord> sameDay)
        {
            lock (_gate)
            {
                Entry? entry = null;
                DateTime day = default;
                foreach (var record in sameDay)
                {
                    if (entry is null)
                    {
                        day = record.UtcDay;
                        if (!_days.TryGetValue(day, out entry)) return;
                    }
                    entry.Ids.Add(record.Id);
                }
                if (entry is not null) entry.Fingerprint = new DayPartition(_store.Root, day).Fingerprint();
            }
        }

        public void Forget(DateTime utcDay)
        {
            lock (_gate) _days.Remove(utcDay);
        }

        private Entry Load(DateTime utcDay)
        {
            var day = new DayPartition(_store.Root, utcDay);
            string fingerprint = day.Fingerprint();
            if (_days.TryGetValue(utcDay, out var entry) && entry.Fingerprint == fingerprint)
            {
                entry.LastUsed = ++_tick;
                return entry;
            }
            entry = new Entry(ReadIds(day), fingerprint) { LastUsed = ++_tick };
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

        private static HashSet<string> ReadIds(DayPartition day)
        {
            var ids = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in day.RecordFiles())
            {
                JsonlLineReader reader;
                try { reader = new JsonlLineReader(file); }
                catch (TelemetryException) when (!File.Exists(file)) { continue; }
                using (reader)
                {
                    while (reader.TryReadLine(out var line))
                    {
                        if (TryReadId(line, out var id)) ids.Add(id!);
                    }
                }
            }
            return ids;
        }

        /// <summary>Reads the top-level "id" of a record line without deserialising the rest.</summary>
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
                // A torn or damaged line has no usable id; readers count it, the index just ignores it.
            }
            return false;
        }

        private sealed class Entry
        {
            public Entry(HashSet<string> ids, string fingerprint)
            {
                Ids = ids;
                Fingerprint = fingerprint;
            }

            public HashSet<string> Ids { get; }
            public string Fingerprint { get; set; }
            public long LastUsed { get; set; }
        }
    }
}
