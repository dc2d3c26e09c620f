using System;
using System.Collections.Generic;
using System.Linq;
using LlmTelemetry.Records;

namespace LlmTelemetry.Queries
{
    /// <summary>
    /// Groups records (or pre-summed totals) into cost rows. One implementation behind Measure-LlmCost (records
    /// from a pipeline), Get-LlmCost and the CLI's costs (records and day summaries from the store).
    /// </summary>
    public sealed class CostAggregator
    {
        private readonly Dictionary<string?[], Group> _groups = new Dictionary<string?[], Group>(ValuesComparer.Instance);

        public CostAggregator(IReadOnlyList<GroupKey>? groupBy = null, TimeZoneInfo? zone = null, bool llmCallsOnly = true)
        {
            GroupBy = groupBy ?? Array.Empty<GroupKey>();
            Zone = zone ?? TimeZoneInfo.Local;
            LlmCallsOnly = llmCallsOnly;
        }

        public IReadOnlyList<GroupKey> GroupBy { get; }
        public TimeZoneInfo Zone { get; }

        /// <summary>Cost reports count llm_call events only; other events (session_start, tool_call) carry no usage of their own.</summary>
        public bool LlmCallsOnly { get; }

        public void Add(TelemetryRecord record)
        {
            if (LlmCallsOnly && !record.IsLlmCall) return;
            var values = Scratch();
            for (int i = 0; i < values.Length; i++) values[i] = GroupKeys.ValueOf(GroupBy[i], record, Zone);
            var group = GroupFor(values);
            try
            {
                group.Totals.Add(record);
            }
            catch (TotalOverflowException ex)
            {
                throw ex.In(group.Describe());
            }
        }

        public void AddRange(IEnumerable<TelemetryRecord> records)
        {
            foreach (var r in records) Add(r);
        }

        /// <summary>Adds pre-summed totals for a group whose key values are already known (from a day summary).</summary>
        internal void AddTotals(string?[] values, UsageTotals totals)
        {
            // Cells come sorted by slot, then by their fields, so a day's cells go round a few groups (a model each):
            // the last few are compared before the dictionary hashes the values (most of a yearly report's lookups).
            var group = RecentGroup(values) ?? GroupFor(values);
            Remember(group);
            try
            {
                group.Totals.Merge(totals);
            }
            catch (TotalOverflowException ex)
            {
                throw ex.In(group.Describe());
            }
        }

        /// <summary>Adds a rollup cell the question selects: grouped by its own fields and its slot's time, summed whole.</summary>
        internal void AddCell(Storage.RollupCell cell, DateTime utcDay)
        {
            if (LlmCallsOnly && !cell.IsLlmCall) return;
            var values = Scratch();
            for (int i = 0; i < values.Length; i++)
                values[i] = GroupKeys.IsTime(GroupBy[i]) ? TimeValueOf(i, cell.SlotStart(utcDay)) : cell.DimensionValue(GroupBy[i]);
            AddTotals(values, cell.Totals);
        }

        // A day's cells come in slot order, so a time key's value is worked out once a slot instead of once a cell
        // (a zone conversion and a format: most of a yearly report's time when done 60,000 times).
        private long[]? _slotTicks;
        private string?[]? _slotValues;

        private string TimeValueOf(int keyIndex, DateTimeOffset slot)
        {
            _slotTicks ??= new long[GroupBy.Count];
            _slotValues ??= new string?[GroupBy.Count];
            if (_slotValues[keyIndex] is null || _slotTicks[keyIndex] != slot.UtcTicks)
            {
                _slotTicks[keyIndex] = slot.UtcTicks;
                _slotValues[keyIndex] = GroupKeys.TimeValue(GroupBy[keyIndex], slot, Zone);
            }
            return _slotValues[keyIndex]!;
        }

        /// <summary>The rows: time keys in time order; otherwise by cost, highest first.</summary>
        public IReadOnlyList<CostRow> Rows()
        {
            var rows = _groups.Values.Select(g => CostRow.From(g.Key, g.Totals));
            if (GroupBy.Count > 0 && GroupKeys.IsTime(GroupBy[0]))
                return rows.OrderBy(r => r.Key[0].Value, StringComparer.Ordinal).ThenByDescending(r => r.CostUsd).ThenBy(r => r.KeyText, StringComparer.Ordinal).ToList();
            return rows.OrderByDescending(r => r.CostUsd).ThenByDescending(r => r.Calls).ThenBy(r => r.KeyText, StringComparer.Ordinal).ToList();
        }

        public CostRow Total()
        {
            var total = new UsageTotals();
            try
            {
                foreach (var g in _groups.Values) total.Merge(g.Totals);
            }
            catch (TotalOverflowException ex)
            {
                throw ex.In("the total of all groups");
            }
            return CostRow.From(Array.Empty<KeyValuePair<GroupKey, string?>>(), total);
        }

        /// <summary>
        /// The group of these key values. <paramref name="values"/> may be the scratch array: a new group keeps a copy.
        /// Looked up by the values themselves, not a string joined from them, so a record or cell of a known group
        /// allocates nothing (a yearly report adds 60,000 cells).
        /// </summary>
        private Group GroupFor(string?[] values)
        {
            if (!_groups.TryGetValue(values, out var group))
            {
                var own = (string?[])values.Clone();
                var key = new KeyValuePair<GroupKey, string?>[own.Length];
                for (int i = 0; i < own.Length; i++) key[i] = new KeyValuePair<GroupKey, string?>(GroupBy[i], own[i]);
                _groups[own] = group = new Group(key, own);
            }
            return group;
        }

        private const int RecentGroups = 8;
        private readonly Group?[] _recent = new Group?[RecentGroups];
        private int _recentNext;
        private string?[]? _scratch;

        private Group? RecentGroup(string?[] values)
        {
            foreach (var g in _recent)
                if (g is not null && SameValues(values, g.Values)) return g;
            return null;
        }

        private void Remember(Group group)
        {
            foreach (var g in _recent)
                if (ReferenceEquals(g, group)) return;
            _recent[_recentNext] = group;
            _recentNext = (_recentNext + 1) % RecentGroups;
        }

        /// <summary>One array for the key values of the record or cell being added; not kept beyond the call.</summary>
        private string?[] Scratch() => _scratch ??= new string?[GroupBy.Count];

        private static bool SameValues(string?[] a, string?[] b)
        {
            for (int i = 0; i < a.Length; i++)
                if (!string.Equals(a[i], b[i], StringComparison.Ordinal)) return false;
            return true;
        }

        /// <summary>Key values compared ordinally, null apart from every string.</summary>
        private sealed class ValuesComparer : IEqualityComparer<string?[]>
        {
            public static readonly ValuesComparer Instance = new ValuesComparer();

            public bool Equals(string?[]? a, string?[]? b) => ReferenceEquals(a, b) || (a is not null && b is not null && a.Length == b.Length && SameValues(a, b));

            public int GetHashCode(string?[] values)
            {
                int hash = 17;
                foreach (var v in values) hash = unchecked(hash * 31 + (v is null ? 0 : StringComparer.Ordinal.GetHashCode(v)));
                return hash;
            }
        }

        private sealed class Group
        {
            public Group(IReadOnlyList<KeyValuePair<GroupKey, string?>> key, string?[] values)
            {
                Key = key;
                Values = values;
            }

            public IReadOnlyList<KeyValuePair<GroupKey, string?>> Key { get; }

            /// <summary>The key's values, as the group dictionary holds them.</summary>
            public string?[] Values { get; }
            public UsageTotals Totals { get; } = new UsageTotals();

            /// <summary>"the group model=claude-sonnet-4-5, day=2026-11-20" (or "all records" without group keys), for errors.</summary>
            public string Describe()
                => Key.Count == 0 ? "all records" : "the group " + string.Join(", ", Key.Select(k => GroupKeys.Name(k.Key) + "=" + (k.Value ?? "(none)")));
        }
    }
}
