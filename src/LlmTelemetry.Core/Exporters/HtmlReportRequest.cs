using System;
using LlmTelemetry.Queries;

namespace LlmTelemetry.Exporters
{
    /// <summary>What the HTML dashboard shows: a range of local days, filters, and how many events the table may embed.</summary>
    public sealed record HtmlReportRequest
    {
        public const int DefaultMaxEvents = 50_000;

        public HtmlReportRequest(DateRange range) => Range = range ?? throw new ArgumentNullException(nameof(range));

        public DateRange Range { get; init; }

        /// <summary>Filters applied to everything on the page (cards, charts and table); its time range is replaced by <see cref="Range"/>.</summary>
        public RecordFilter Filter { get; init; } = RecordFilter.All;

        /// <summary>The zone times and days are shown in; defaults to the range's zone.</summary>
        public TimeZoneInfo? Zone { get; init; }

        /// <summary>
        /// The newest this many events are embedded for the table (the page states the cap). Cards and charts always
        /// cover the whole range, so a capped page still has the right totals.
        /// </summary>
        public int MaxEvents { get; init; } = DefaultMaxEvents;

        public string? Title { get; init; }

        /// <summary>The "generated at" instant; defaults to the current time (tests pin it).</summary>
        public DateTimeOffset? Now { get; init; }

        internal TimeZoneInfo EffectiveZone => Zone ?? Range.Zone;
    }

    /// <summary>What <see cref="HtmlReportWriter.Write"/> wrote: the events embedded, whether the cap cut some off, and the totals shown on the cards.</summary>
    public sealed record HtmlReportSummary(
        DateRange Range,
        DateRange PreviousRange,
        long EventsEmbedded,
        long EventsTotal,
        bool Capped,
        int MaxEvents,
        CostRow Total,
        CostRow PreviousTotal,
        UsageStats Stats,
        long SkippedLines)
    {
        /// <summary>The file <see cref="HtmlReportWriter.WriteFile"/> wrote; null when the page went to a stream.</summary>
        public string? Path { get; init; }
    }
}
