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
    }
}
