using System;
using System.Threading;

namespace LlmTelemetry.Queries
{
    /// <summary>
    /// One question to the store: which records (a range of local days and a filter), in which time zone, in which
    /// order, how many, and when to give up. The store's query, the cost report, usage stats and the dashboard all
    /// take it, so a front end binds its parameters once (<see cref="Create"/>) and every reader applies the range the
    /// same way.
    /// </summary>
    public sealed record RecordQuery
    {
        /// <summary>Every record, oldest first.</summary>
        public static readonly RecordQuery All = new RecordQuery();

        private readonly TimeZoneInfo? _zone;
        private readonly int _skip;
        private readonly int? _limit;

        /// <summary>The local days wanted; null is the whole store.</summary>
        public DateRange? Range { get; init; }

        public RecordFilter Filter { get; init; } = RecordFilter.All;

        /// <summary>The zone that local days, hours and weekdays are counted in; default: the range's, else this machine's.</summary>
        public TimeZoneInfo Zone
        {
            get => _zone ?? Range?.Zone ?? TimeZoneInfo.Local;
            init => _zone = value;
        }

        /// <summary>Newest records first (the store's query; reports do not depend on the order).</summary>
        public bool NewestFirst { get; init; }

        /// <summary>Records passed over before the first one returned (paging with <see cref="Limit"/>). Paging is the
        /// store's query's: reports (costs, stats, the dashboard) cover everything the range and filter select.</summary>
        public int Skip
        {
            get => _skip;
            init => _skip = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(Skip), value, "must be 0 or more");
        }

        /// <summary>At most this many records from the store's query; null is no limit.</summary>
        public int? Limit
        {
            get => _limit;
            init => _limit = value is null || value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(Limit), value, "must be 0 or more");
        }

        /// <summary>Let day summaries answer whole days where they give the same answer as a scan (faster); tests turn it off to compare.</summary>
        public bool UseSummaries { get; init; } = true;

        /// <summary>
        /// Checked per day and every thousand lines read, matching or not: a cancelled token (a front end's Ctrl+C)
        /// ends any reader with an OperationCanceledException.
        /// </summary>
        public CancellationToken Cancellation { get; init; }

        /// <summary>
        /// A query for what a person asked: the range by <see cref="QueryRange"/>'s rules (with <paramref name="fallback"/>
        /// when none is given), the filter, and the zone the days are counted in.
        /// </summary>
        public static RecordQuery Create(RangeInput range, RangeDefault fallback, RecordFilter filter, TimeZoneInfo zone,
            RangeParameters? names = null, DateTimeOffset? now = null)
        {
            if (zone is null) throw new ArgumentNullException(nameof(zone));
            return new RecordQuery
            {
                Range = QueryRange.Resolve(range, fallback, zone, now ?? DateTimeOffset.UtcNow, names),
                Filter = filter ?? RecordFilter.All,
                Zone = zone,
            };
        }

        /// <summary>The filter with the range's UTC instants [Range.Start, Range.End), compiled once for a scan.</summary>
        internal CompiledFilter Compile() => new CompiledFilter(Filter, Range?.Start, Range?.End);
    }
}
