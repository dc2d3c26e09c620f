using System;
using System.Collections.Generic;

namespace LlmTelemetry.Queries
{
    /// <summary>
    /// Cuts calls in time order into blocks exactly as ccusage 20 does (identifySessionBlocks): a block starts at the
    /// UTC hour of its first call; a call more than a block length after the block's start, or more than a length
    /// after the call before it, starts the next block. A block ends a length after its start; it is active while less
    /// than a length has passed since its last call and its end has not come. Burn rate and projection follow
    /// calculateBurnRate and projectBlockUsage.
    /// </summary>
    internal sealed class BlockCutter
    {
        private readonly TimeSpan _length;
        private readonly DateTimeOffset _now;
        private readonly List<UsageBlock> _blocks = new List<UsageBlock>();
        private Open? _open;

        public BlockCutter(TimeSpan length, DateTimeOffset now)
        {
            _length = length;
            _now = now;
        }

        /// <summary>The next entry; entries come in order of <see cref="BlockEntry.First"/>.</summary>
        public void Add(in BlockEntry e)
        {
            if (e.Calls == 0) return;
            if (_open is not null && (e.First - _open.Start > _length || e.First - _open.Last > _length))
            {
                _blocks.Add(_open.ToBlock(_length, _now));
                _open = null;
            }
            _open ??= new Open(FloorToHour(e.First), e.First);
            _open.Add(e);
        }

        public List<UsageBlock> Finish()
        {
            if (_open is not null) _blocks.Add(_open.ToBlock(_length, _now));
            _open = null;
            return _blocks;
        }

        internal static DateTimeOffset FloorToHour(DateTimeOffset t)
            => new DateTimeOffset(t.UtcTicks - t.UtcTicks % TimeSpan.TicksPerHour, TimeSpan.Zero);

        private sealed class Open
        {
            private readonly List<string> _models = new List<string>();
            private readonly HashSet<string> _seen = new HashSet<string>(StringComparer.Ordinal);
            private long _calls, _input, _output, _cacheCreation, _cacheRead;
            private double _cost;

            public Open(DateTimeOffset start, DateTimeOffset first)
            {
                Start = start;
                First = first;
                Last = first;
            }

            public DateTimeOffset Start { get; }
            public DateTimeOffset First { get; }

            /// <summary>The latest call so far: ccusage's previous entry, once the entries are in time order.</summary>
            public DateTimeOffset Last { get; private set; }

            public void Add(in BlockEntry e)
            {
                if (e.Last > Last) Last = e.Last;
                _calls = UsageTotals.Sum(_calls, e.Calls, "calls");
                _input = UsageTotals.Sum(_input, e.Input, "input_tokens");
                _output = UsageTotals.Sum(_output, e.Output, "output_tokens");
                _cacheCreation = UsageTotals.Sum(_cacheCreation, e.CacheCreation, "cache_creation_input_tokens");
                _cacheRead = UsageTotals.Sum(_cacheRead, e.CacheRead, "cache_read_input_tokens");
                _cost = UsageTotals.SumCost(_cost, e.Cost);
                if (!string.IsNullOrEmpty(e.Model) && _seen.Add(e.Model!)) _models.Add(e.Model!);
            }

            public UsageBlock ToBlock(TimeSpan length, DateTimeOffset now)
            {
                var end = Start + length;
                bool active = now - Last < length && now < end;
                long total = UsageTotals.Sum(UsageTotals.Sum(_input, _output, "total_tokens"), UsageTotals.Sum(_cacheCreation, _cacheRead, "total_tokens"), "total_tokens");
                UsageBlockBurnRate? rate = null;
                UsageBlockProjection? projection = null;
                double minutes = (Last - First).TotalMinutes;
                // ccusage gives no rate for a block whose calls all share one instant (one call): there is no span to divide by.
                if (active && minutes > 0)
                {
                    rate = new UsageBlockBurnRate(total / minutes, (_input + _output) / minutes, _cost / minutes);
                    double remaining = Math.Max(0, (end - now).TotalMinutes);
                    projection = new UsageBlockProjection((long)Math.Round(total + rate.TokensPerMinute * remaining, MidpointRounding.AwayFromZero),
                        _cost + rate.CostPerMinute * remaining, remaining);
                }
                return new UsageBlock(Start, end, First, Last, active, _calls, _input, _output, _cacheCreation, _cacheRead, _cost, _models.ToArray(), rate, projection);
            }
        }
    }
}
