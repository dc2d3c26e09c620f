using System;
using System.Collections.Generic;
using System.Linq;
using LlmTelemetry.Internal;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;

namespace LlmTelemetry.Storage
{
    /// <summary>
    /// The compact account of one UTC day: its records summed into <see cref="RollupCell"/>s, plus a 64-bit hash of
    /// each record id. While the day's raw records exist it is their cache (rollup.bin in the day folder, stamped
    /// with their fingerprint and rebuilt when they change); once they are removed it is kept in the history tier
    /// (<see cref="HistoryStore"/>) and is the day's source of truth. Either way reports read the same cells, so
    /// removing a day's raw records changes no answer a rollup gives.
    /// </summary>
    internal sealed class DayRollup
    {
        private Dictionary<string, RollupCell>? _index;
        private HashSet<ulong>? _idSet;

        public string Day { get; set; } = "";

        /// <summary>The raw files' fingerprint it was built from; empty once it is the day's history.</summary>
        public string Source { get; set; } = "";

        public long SkippedLines { get; set; }

        /// <summary>Cells in key order, so that every reader sums them in the same order and gets the same doubles.</summary>
        public List<RollupCell> Cells { get; set; } = new List<RollupCell>();

        /// <summary>
        /// The ids' 64-bit hashes (the low half of <see cref="Hash128"/>) as read from the file: decoded into a set only
        /// when an import asks (a report never does, and a year of them is a few MB).
        /// </summary>
        private byte[]? _idBytes;
        private int _idAt, _idCount;

        internal void SetIdHashes(byte[] bytes, int at, int count)
        {
            _idSet = null;
            _idBytes = bytes;
            _idAt = at;
            _idCount = count;
        }

        /// <summary>The ids' hashes in ascending order, for the file.</summary>
        internal ulong[] SortedIdHashes()
        {
            if (_idSet is null && _idBytes is not null)
            {
                var raw = new ulong[_idCount];
                for (int i = 0; i < _idCount; i++) raw[i] = BitConverter.ToUInt64(_idBytes, _idAt + i * 8);
                return raw;
            }
            var sorted = _idSet?.ToArray() ?? Array.Empty<ulong>();
            Array.Sort(sorted);
            return sorted;
        }

        private HashSet<ulong> Ids()
        {
            if (_idSet is not null) return _idSet;
            _idSet = new HashSet<ulong>();
            if (_idBytes is not null)
                for (int i = 0; i < _idCount; i++) _idSet.Add(BitConverter.ToUInt64(_idBytes, _idAt + i * 8));
            _idBytes = null;
            return _idSet;
        }

        public DateTime UtcDay => DayPartition.TryParseName(Day, out var d) ? d : default;

        public int IdCount => _idSet?.Count ?? _idCount;

        /// <summary>The llm_call events of the day (what cost reports count), summed.</summary>
        public UsageTotals Totals
        {
            get
            {
                var totals = new UsageTotals();
                foreach (var cell in Cells)
                    if (string.Equals(cell.EventType, TelemetryRecord.LlmCallEvent, StringComparison.Ordinal)) totals.Merge(cell.Totals);
                return totals;
            }
        }

        /// <summary>The rollup of <paramref name="records"/> (each id once: the caller's read already drops later copies).</summary>
        public static DayRollup Build(DateTime utcDay, IEnumerable<TelemetryRecord> records, string fingerprint)
        {
            var rollup = new DayRollup { Day = DayPartition.Name(utcDay), Source = fingerprint, _idSet = new HashSet<ulong>() };
            foreach (var r in records) rollup.AddUnchecked(r);
            rollup.SortCells();
            return rollup;
        }

        internal static ulong IdHash(string id) => Hash128.Of(id).Low;

        public bool ContainsId(string id) => Ids().Contains(IdHash(id));

        /// <summary>Adds a record whose id this day does not hold yet; false (nothing added) when it does.</summary>
        public bool TryAdd(TelemetryRecord r)
        {
            if (Ids().Contains(IdHash(r.Id))) return false;
            AddUnchecked(r);
            return true;
        }

        private void AddUnchecked(TelemetryRecord r)
        {
            Ids().Add(IdHash(r.Id));
            var index = Index();
            string key = RollupCell.KeyOf(RollupCell.SlotOf(r.Timestamp), r);
            if (!index.TryGetValue(key, out var cell))
            {
                index[key] = cell = RollupCell.For(r);
                Cells.Add(cell);
            }
            try
            {
                cell.Add(r);
            }
            catch (TotalOverflowException ex)
            {
                throw ex.In("the day " + Day + " (UTC)");
            }
        }

        /// <summary>Puts the cells in key order (after adding); reading restores the counts a cell's key implies.</summary>
        public void SortCells()
        {
            // Each key built once (a key is a join of eleven fields), not once per comparison.
            Cells = Cells.Select(c => (Key: c.Key, Cell: c)).OrderBy(x => x.Key, StringComparer.Ordinal).Select(x => x.Cell).ToList();
        }

        /// <summary>After reading a file: each cell's times and implied counts.</summary>
        public void Restore()
        {
            var day = UtcDay;
            foreach (var cell in Cells) cell.Restore(day);
        }

        /// <summary>A copy that is the day's history: the same cells and ids, no longer tied to raw files.</summary>
        public DayRollup AsHistory()
            => new DayRollup { Day = Day, Source = "", SkippedLines = SkippedLines, Cells = Cells, _idSet = _idSet, _idBytes = _idBytes, _idAt = _idAt, _idCount = _idCount };

        /// <summary>
        /// The cells a filter selects (their slot's start inside its range, their fields matching; null: every cell, for
        /// a rollup built from records already filtered), in stored order, each with the record that stands for it:
        /// what every report sums from a rollup.
        /// </summary>
        internal IEnumerable<(RollupCell Cell, TelemetryRecord Prototype)> CellsMatching(CompiledFilter? filter)
        {
            var day = UtcDay;
            foreach (var cell in Cells)
            {
                var prototype = cell.Prototype(day);
                if (filter is null || filter.Matches(prototype)) yield return (cell, prototype);
            }
        }

        /// <summary>Distinct non-empty values of one dimension (model, agent, …), for completion lists.</summary>
        public IEnumerable<string> Values(GroupKey key)
        {
            foreach (var cell in Cells)
            {
                var value = cell.DimensionValue(key);
                if (!string.IsNullOrEmpty(value)) yield return value!;
            }
        }

        private Dictionary<string, RollupCell> Index()
        {
            if (_index is not null) return _index;
            _index = new Dictionary<string, RollupCell>(StringComparer.Ordinal);
            foreach (var cell in Cells) _index[cell.Key] = cell;
            return _index;
        }
    }
}
