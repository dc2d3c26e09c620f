using System;

namespace LlmTelemetry.Queries
{
    /// <summary>
    /// Counts the day reads of one report across its passes and hands each to the caller's progress, so one bar
    /// runs from 0 to 100% however many passes the report makes.
    /// </summary>
    internal sealed class ScanReporter
    {
        private readonly IProgress<ScanProgress>? _progress;
        private int _done;

        public ScanReporter(IProgress<ScanProgress>? progress, int total)
        {
            _progress = progress;
            Total = total;
        }

        public int Total { get; }

        public void DayRead(DateTime day)
        {
            _done++;
            // A pass lists the folders again when it starts: one created meanwhile (today's, by a writer) is one read more.
            _progress?.Report(new ScanProgress(_done, Math.Max(Total, _done), day));
        }
    }
}
