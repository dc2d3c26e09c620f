using System;
using LlmTelemetry.Queries;

namespace LlmTelemetry.Exporters
{
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

        /// <summary>
        /// When the range reaches days kept only as history: what the page says of them ("records before 2026-11-02
        /// (UTC) are kept only as daily totals (history); the page's cards and charts include them, its event table
        /// does not"), for front ends to warn with. Null otherwise.
        /// </summary>
        public string? HistoryNotice { get; init; }
    }
}
