using System;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Queries
{
    /// <summary>
    /// What block cutting reads of a call, or of a rollup cell's calls taken as one entry at its first call's time that
    /// lasts to its last call's. A cell's calls share a 15-minute UTC slot and a block length is a whole number of
    /// slots from a whole hour, so a boundary never falls inside a slot, only on its start, and a gap longer than the
    /// length never falls inside one: the cell lands in the block its calls land in (the one case apart is
    /// <see cref="StraddlesSlotStart"/>).
    /// </summary>
    internal readonly struct BlockEntry
    {
        private BlockEntry(DateTimeOffset first, DateTimeOffset last, long calls, long input, long output, long cacheCreation, long cacheRead, double cost, string? model)
        {
            First = first;
            Last = last;
            Calls = calls;
            Input = input;
            Output = output;
            CacheCreation = cacheCreation;
            CacheRead = cacheRead;
            Cost = cost;
            Model = model;
        }

        public DateTimeOffset First { get; }
        public DateTimeOffset Last { get; }
        public long Calls { get; }
        public long Input { get; }
        public long Output { get; }
        public long CacheCreation { get; }
        public long CacheRead { get; }
        public double Cost { get; }
        public string? Model { get; }

        public static BlockEntry Of(TelemetryRecord r)
        {
            var t = r.Tokens;
            return new BlockEntry(r.Timestamp.ToUniversalTime(), r.Timestamp.ToUniversalTime(), 1, t.Input, t.Output, t.CacheCreationInput, t.CacheReadInput, r.CostUsd ?? 0, r.Model);
        }

        public static BlockEntry Of(RollupCell cell)
        {
            var s = cell.Totals;
            return new BlockEntry(s.First!.Value.ToUniversalTime(), s.Last!.Value.ToUniversalTime(), s.Calls, s.InputTokens, s.OutputTokens,
                s.CacheCreationInputTokens, s.CacheReadInputTokens, s.CostUsd, cell.Model);
        }

        /// <summary>
        /// A cell of several calls whose first call is exactly on its slot's start: if that instant is a block's end,
        /// the first call belongs to the ending block (a call exactly a length after the start stays in it) and the
        /// others to the next, which a cell cannot split. A day with raw records reads its records instead.
        /// </summary>
        public static bool StraddlesSlotStart(RollupCell cell)
            => cell.Totals.Calls > 1 && cell.Totals.First is DateTimeOffset f && f.UtcTicks % UsageBlockOptions.SlotTicks == 0;
    }
}
