using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Serialization;
using LlmTelemetry.Internal;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;

namespace LlmTelemetry.Storage
{
    /// <summary>
    /// The compact account of one UTC day: its records summed into <see cref="RollupCell"/>s, plus a 64-bit hash of
    /// each record id. While the day's raw records exist it is their cache (summary.json in the day folder, stamped
    /// with their fingerprint and rebuilt when they change); once they are removed it is kept in the history tier
    /// (<see cref="HistoryStore"/>) and is the day's source of truth. Either way reports read the same cells, so
    /// removing a day's raw records changes no answer a rollup gives.
    /// </summary>
    internal sealed class DayRollup
    {
        /// <summary>5: cells instead of per-dimension totals, and the ids' hashes (a rollup-only day still dedupes imports).</summary>
        public const int CurrentVersion = 5;

        private Dictionary<string, RollupCell>? _index;
        private HashSet<ulong>? _idSet;

        [JsonPropertyName("v")] public int Version { get; set; } = CurrentVersion;
        [JsonPropertyName("day")] public string Day { get; set; } = "";

        /// <summary>The raw files' fingerprint it was built from; empty once it is the day's history.</summary>
        [JsonPropertyName("source")] public string Source { get; set; } = "";

        [JsonPropertyName("skipped_lines")] public long SkippedLines { get; set; }

        /// <summary>Cells in key order, so that every reader sums them in the same order and gets the same doubles.</summary>
        [JsonPropertyName("cells")] public List<RollupCell> Cells { get; set; } = new List<RollupCell>();

        /// <summary>The ids' 64-bit hashes (the low half of <see cref="Hash128"/>), sorted, little-endian, base64.</summary>
        [JsonPropertyName("ids")] public string? IdHashes
        {
            get
            {
                if (_idSet is null || _idSet.Count == 0) return null;
                var sorted = _idSet.ToArray();
                Array.Sort(sorted);
                var bytes = new byte[sorted.Length * 8];
                for (int i = 0; i < sorted.Length; i++)
                {
                    ulong v = sorted[i];
                    for (int b = 0; b < 8; b++) bytes[i * 8 + b] = (byte)(v >> (8 * b));
                }
                return Convert.ToBase64String(bytes);
            }
            set
            {
                _idSet = new HashSet<ulong>();
                if (string.IsNullOrEmpty(value)) return;
                var bytes = Convert.FromBase64String(value);
                for (int i = 0; i + 8 <= bytes.Length; i += 8)
                {
                    ulong v = 0;
                    for (int b = 7; b >= 0; b--) v = (v << 8) | bytes[i + b];
                    _idSet.Add(v);
                }
            }
        }

        [JsonIgnore] public DateTime UtcDay => DayPartition.TryParseName(Day, out var d) ? d : default;

        [JsonIgnore] public int IdCount => _idSet?.Count ?? 0;

        /// <summary>The llm_call events of the day (what cost reports count), summed.</summary>
        [JsonIgnore] public UsageTotals Totals
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

        public bool ContainsId(string id) => _idSet is not null && _idSet.Contains(IdHash(id));

        /// <summary>Adds a record whose id this day does not hold yet; false (nothing added) when it does.</summary>
        public bool TryAdd(TelemetryRecord r)
        {
            _idSet ??= new HashSet<ulong>();
            if (_idSet.Contains(IdHash(r.Id))) return false;
            AddUnchecked(r);
            return true;
        }

        private void AddUnchecked(TelemetryRecord r)
        {
            _idSet!.Add(IdHash(r.Id));
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
            Cells.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        }

        /// <summary>After deserializing: each cell's implied counts, and the id set even when the file had none.</summary>
        public void Restore()
        {
            foreach (var cell in Cells) cell.Restore();
            _idSet ??= new HashSet<ulong>();
        }

        /// <summary>A copy that is the day's history: the same cells and ids, no longer tied to raw files.</summary>
        public DayRollup AsHistory()
            => new DayRollup { Day = Day, Source = "", SkippedLines = SkippedLines, Cells = Cells, _idSet = _idSet };

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
                var value = GroupKeys.ValueOf(key, cell.Prototype(UtcDay), TimeZoneInfo.Utc);
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
