using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Queries
{
    /// <summary>
    /// Usage blocks (ccusage's session blocks, 5 hours by default) over every llm_call the store holds: imported
    /// Claude Code, Codex and Gemini calls and the user's own alike. A day with raw records is read from its cached
    /// rollup, a day whose raw records are gone from its history rollup: a cell is one entry from its first call to
    /// its last (see <see cref="BlockEntry"/>), which gives the blocks its calls would. Gaps between blocks are not
    /// listed (ccusage adds them as pseudo-blocks).
    /// </summary>
    public static class UsageBlocks
    {
        /// <summary>Every block of the calls <paramref name="query"/> selects, oldest first.</summary>
        /// <remarks>Only the active block, from <see cref="Active"/>'s walk back from today, when the query asks for it alone over the whole store.</remarks>
        public static UsageBlockReport Run(TelemetryStore store, UsageBlockQuery query)
        {
            if (store is null) throw new ArgumentNullException(nameof(store));
            if (query is null) throw new ArgumentNullException(nameof(query));
            var now = query.Now ?? store.Now;
            var length = query.Options.Length;
            var records = query.Records;
            if (query.ActiveOnly && records.Range is null && records.Filter.MatchesEverything && query.TokenLimit?.IsMax != true)
            {
                var active = Active(store, now, query.Options, records.Cancellation);
                if (active is not null && query.TokenLimit?.Tokens is long fixedLimit) active.WithLimit(fixedLimit);
                return new UsageBlockReport(active is null ? Array.Empty<UsageBlock>() : new[] { active }, length, query.TokenLimit?.Tokens, 0, Array.Empty<DateTime>());
            }

            var compiled = records.Compile();
            var cancellation = records.Cancellation;
            bool rollupsAnswer = records.Filter.RollupsCanAnswer;
            var notSearched = new List<DateTime>();
            var diagnostics = new ReadDiagnostics();
            long skipped = 0;
            var cutter = new BlockCutter(length, now);
            var tiered = TieredDays.Of(store, compiled, CostReporter.DaysRead(store, records));
            var historyDays = rollupsAnswer ? tiered.Where(d => d.Raw is null).Select(d => d.Day).ToList() : new List<DateTime>();
            using var prefetch = historyDays.Count > 1 ? new HistoryPrefetch(store.History, historyDays, cancellation) : null;
            foreach (var day in tiered)
            {
                cancellation.ThrowIfCancellationRequested();
                List<BlockEntry> entries;
                if (day.Raw is null)
                {
                    if (!rollupsAnswer)
                    {
                        notSearched.Add(day.Day);
                        continue;
                    }
                    var history = prefetch?.Next(day.Day, cancellation) ?? store.History.Read(day.Day);
                    skipped += history.SkippedLines;
                    entries = CellEntries(history, compiled, straddling: null);
                }
                else
                {
                    entries = RawDayEntries(store, day.Raw, compiled, records.UseSummaries && rollupsAnswer, diagnostics, ref skipped, cancellation);
                }
                foreach (var e in entries) cutter.Add(e);
            }
            var blocks = cutter.Finish();

            long? limit = query.TokenLimit is null ? null
                : query.TokenLimit.Tokens ?? LargestFinished(blocks);
            if (query.ActiveOnly) blocks = blocks.Where(b => b.IsActive).ToList();
            if (limit is long l) foreach (var b in blocks) b.WithLimit(l);
            return new UsageBlockReport(blocks, length, limit, skipped + diagnostics.SkippedLines, notSearched);
        }

        /// <summary>
        /// The block active at <paramref name="now"/>, or null: the same block as the last of <see cref="Run"/> over
        /// the whole store, found without reading it whole. It walks back a UTC day at a time from today (today's raw
        /// records through their in-memory rollup, closed days from their cached or history rollups) only until a
        /// silence longer than a block length shows where the current run of blocks begins, since a call after such a
        /// silence starts a block whatever came before; with nothing in the last block length it stops at once.
        /// </summary>
        public static UsageBlock? Active(TelemetryStore store, DateTimeOffset now, UsageBlockOptions? options = null)
            => Active(store, now, options ?? new UsageBlockOptions(), CancellationToken.None);

        private static UsageBlock? Active(TelemetryStore store, DateTimeOffset now, UsageBlockOptions options, CancellationToken cancellation)
        {
            if (store is null) throw new ArgumentNullException(nameof(store));
            var length = options.Length;
            var newestFirst = new List<List<BlockEntry>>();
            DateTimeOffset? earliest = null;
            var day = now.UtcDateTime.Date;
            var oldest = options.MaxDaysBack is int back ? day.AddDays(1 - back) : DateTime.MinValue;
            while (true)
            {
                cancellation.ThrowIfCancellationRequested();
                var dayStart = new DateTimeOffset(day, TimeSpan.Zero);
                var entries = DayEntries(store, day, cancellation);
                if (entries.Count > 0)
                {
                    if (earliest is null)
                    {
                        // The newest day with calls holds the last call: a length or more ago, nothing is active.
                        if (now - entries.Max(e => e.Last) >= length) return null;
                    }
                    bool restarts = StartsAfterSilence(entries, earliest, length);
                    newestFirst.Add(entries);
                    earliest = entries[0].First;
                    if (restarts) break;
                }
                else if (earliest is null && dayStart <= now - length)
                {
                    return null;
                }
                // Whatever came before this day is before dayStart: if that is more than a length before the earliest
                // call found, the earliest call starts a block.
                if (earliest is DateTimeOffset first && first - dayStart > length) break;
                day = day.AddDays(-1);
                if (day.Year < 1970 || day < oldest) break;
            }
            var cutter = new BlockCutter(length, now);
            for (int i = newestFirst.Count - 1; i >= 0; i--)
                foreach (var e in newestFirst[i]) cutter.Add(e);
            var blocks = cutter.Finish();
            var last = blocks.Count > 0 ? blocks[blocks.Count - 1] : null;
            return last is { IsActive: true } ? last : null;
        }

        /// <summary>Is there, inside the day or between its last call and <paramref name="nextFirst"/>, a silence longer than a length?</summary>
        private static bool StartsAfterSilence(List<BlockEntry> entries, DateTimeOffset? nextFirst, TimeSpan length)
        {
            var last = entries[0].Last;
            for (int i = 1; i < entries.Count; i++)
            {
                if (entries[i].First - last > length) return true;
                if (entries[i].Last > last) last = entries[i].Last;
            }
            return nextFirst is DateTimeOffset next && next - last > length;
        }

        /// <summary>One UTC day's calls in time order, from whichever tier holds the day (no filter).</summary>
        private static List<BlockEntry> DayEntries(TelemetryStore store, DateTime day, CancellationToken cancellation)
        {
            // As TelemetryStore.Days: a folder left beside a history rollup is not the day's source.
            if (store.History.Has(day)) return CellEntries(store.History.Read(day), null, straddling: null);
            var raw = new DayPartition(store.Root, day);
            if (!Directory.Exists(raw.Folder)) return new List<BlockEntry>();
            long skipped = 0;
            return RawDayEntries(store, raw, null, useRollup: true, new ReadDiagnostics(), ref skipped, cancellation);
        }

        private static List<BlockEntry> RawDayEntries(TelemetryStore store, DayPartition raw, CompiledFilter? filter, bool useRollup,
            ReadDiagnostics diagnostics, ref long skipped, CancellationToken cancellation)
        {
            if (useRollup && (filter is null || filter.CutsOnSlots(raw.Day)))
            {
                var rollup = store.Summaries.GetDay(raw, cancellation);
                bool straddles = false;
                var entries = CellEntries(rollup, filter, () => straddles = true);
                if (!straddles)
                {
                    skipped += rollup.SkippedLines;
                    return entries;
                }
            }
            var calls = new List<BlockEntry>();
            foreach (var r in store.ReadDay(raw, filter, diagnostics, cancellation))
                if (r.IsLlmCall) calls.Add(BlockEntry.Of(r));
            return InTimeOrder(calls);
        }

        /// <summary>The llm_call cells the filter selects, in time order; <paramref name="straddling"/> hears of a cell <see cref="BlockEntry.StraddlesSlotStart"/>.</summary>
        private static List<BlockEntry> CellEntries(DayRollup rollup, CompiledFilter? filter, Action? straddling)
        {
            var day = rollup.UtcDay;
            bool all = filter is null || filter.TakesWholeDay(day);
            var entries = new List<BlockEntry>(rollup.Cells.Count);
            foreach (var cell in rollup.Cells)
            {
                if (!cell.IsLlmCall || cell.Totals.Calls == 0 || cell.Totals.First is null) continue;
                if (!all && !filter!.MatchesCell(cell, day)) continue;
                if (straddling is not null && BlockEntry.StraddlesSlotStart(cell)) straddling();
                entries.Add(BlockEntry.Of(cell));
            }
            return InTimeOrder(entries);
        }

        /// <summary>Stable: calls of one instant keep the order they were read in, as ccusage's sort keeps file order.</summary>
        private static List<BlockEntry> InTimeOrder(List<BlockEntry> entries) => entries.OrderBy(e => e.First.UtcTicks).ToList();

        /// <summary>ccusage's max: the largest total of a finished (not active) block; none when there is none.</summary>
        private static long? LargestFinished(List<UsageBlock> blocks)
        {
            long max = 0;
            foreach (var b in blocks)
                if (!b.IsActive && b.TotalTokens > max) max = b.TotalTokens;
            return max > 0 ? max : (long?)null;
        }
    }
}
