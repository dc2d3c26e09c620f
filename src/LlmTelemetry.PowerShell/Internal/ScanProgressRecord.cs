using System;
using System.Globalization;
using System.Management.Automation;
using LlmTelemetry.Queries;

namespace LlmTelemetry.Internal
{
    /// <summary>
    /// Shows a long read of the store (Get-LlmCost, Show-LlmTelemetry) as a progress bar. The core reports from the
    /// thread that called it, which is the pipeline thread, the only one PowerShell's host accepts progress from.
    /// </summary>
    internal sealed class ScanProgressRecord : IProgress<ScanProgress>
    {
        private readonly Cmdlet _cmdlet;
        private readonly ProgressRecord _record;
        private bool _shown;

        public ScanProgressRecord(Cmdlet cmdlet, string activity)
        {
            _cmdlet = cmdlet;
            _record = new ProgressRecord(3, activity, "Reading the store");
        }

        public void Report(ScanProgress value)
        {
            _record.StatusDescription = $"Reading the store: {value.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} ({value.DaysDone:N0} of {value.DaysTotal:N0})";
            _record.PercentComplete = value.DaysTotal > 0 ? (int)Math.Min(100, value.DaysDone * 100L / value.DaysTotal) : -1;
            _cmdlet.WriteProgress(_record);
            _shown = true;
        }

        /// <summary>Removes the bar once the read is over; a read too short to report leaves nothing to remove.</summary>
        public void Complete()
        {
            if (!_shown) return;
            _record.RecordType = ProgressRecordType.Completed;
            _cmdlet.WriteProgress(_record);
        }
    }
}
