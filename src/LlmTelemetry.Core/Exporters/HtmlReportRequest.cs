using System;
using LlmTelemetry.Queries;

namespace LlmTelemetry.Exporters
{
    /// <summary>What the HTML dashboard shows: a query with a range of local days, and how many events the table may embed.</summary>
    public sealed record HtmlReportRequest
    {
        public const int DefaultMaxEvents = 50_000;

        /// <param name="query">
        /// The range (required: the page compares it with the period before), the filter applied to everything on the
        /// page (cards, charts and table), the zone times and days are shown in, and the cancellation; its order and
        /// paging do not apply (the table holds the newest <see cref="MaxEvents"/>).
        /// </param>
        public HtmlReportRequest(RecordQuery query) => Query = query;

        public RecordQuery Query
        {
            get => _query;
            init => _query = value is null ? throw new ArgumentNullException(nameof(Query))
                : value.Range is null ? throw new ArgumentException("the dashboard needs a range", nameof(Query)) : value;
        }

        private readonly RecordQuery _query = null!;

        public DateRange Range => Query.Range!;

        /// <summary>
        /// The newest this many events are embedded for the table (the page states the cap). Cards and charts always
        /// cover the whole range, so a capped page still has the right totals.
        /// </summary>
        public int MaxEvents { get; init; } = DefaultMaxEvents;

        public string? Title { get; init; }

        /// <summary>The "generated at" instant; defaults to the current time (tests pin it).</summary>
        public DateTimeOffset? Now { get; init; }

    }
}
