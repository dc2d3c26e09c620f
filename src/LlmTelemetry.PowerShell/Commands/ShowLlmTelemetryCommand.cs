using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Runtime.InteropServices;
using LlmTelemetry.Exporters;
using LlmTelemetry.Internal;
using LlmTelemetry.Queries;

namespace LlmTelemetry.Commands
{
    /// <summary>
    /// Show-LlmTelemetry: writes the self-contained HTML dashboard (cards, cost trend, who and what spends, when,
    /// every call) for a range and filters, opens it in the default browser, and writes the page's FileInfo.
    /// </summary>
    [Cmdlet(VerbsCommon.Show, "LlmTelemetry")]
    [OutputType(typeof(FileInfo))]
    public sealed class ShowLlmTelemetryCommand : RecordQueryCommand
    {
        /// <summary>The HTML file to write (replaced when it exists); default: a new file in the per-user reports folder.</summary>
        [Parameter(Position = 0)]
        public string? Path { get; set; }

        /// <summary>Write the page without opening a browser.</summary>
        [Parameter]
        public SwitchParameter NoOpen { get; set; }

        /// <summary>The newest this many events are embedded in the table; cards and charts always cover the whole range.</summary>
        [Parameter]
        [ValidateRange(0, int.MaxValue)]
        public int MaxEvents { get; set; } = HtmlReportRequest.DefaultMaxEvents;

        [Parameter]
        public string? Title { get; set; }

        /// <summary>The store's root folder; default: the configured store.</summary>
        [Parameter]
        public string? StorePath { get; set; }

        internal override string? StoreRoot => StorePath;

        protected override void EndProcessing()
        {
            var query = BuildQuery(RangeDefault.Last30Days);
            string? named = string.IsNullOrEmpty(Path) ? null : ResolvePath(Path!);
            var store = OpenStore(StoreRoot);
            var request = new HtmlReportRequest(query) { MaxEvents = MaxEvents, Title = Title };

            // The core writes a new private file and renames it over the target, so a failed or stopped run never
            // leaves a half page behind; without -Path the page goes to the per-user reports folder.
            var progress = new ScanProgressRecord(this, "Show-LlmTelemetry");
            var summary = WriteOutputFile(() => HtmlReportWriter.WriteFile(store, request, named, "Path", progress), store.Root);
            progress.Complete();
            string file = summary.Path!;

            if (summary.SkippedLines > 0) WriteWarning($"{summary.SkippedLines} unreadable line(s) were skipped.");
            WarnNotSearched(summary.Stats.DaysNotSearched);
            if (summary.HistoryNotice is string notice) WriteSentence(notice);
            WriteVerbose($"Wrote {file}: {summary.EventsEmbedded:N0} of {summary.EventsTotal:N0} events, ${summary.Total.CostUsd.ToString("0.00##", CultureInfo.InvariantCulture)} over {summary.Range.SinceText} .. {summary.Range.UntilText}" +
                         (summary.Capped ? $" (the table holds the newest {summary.MaxEvents:N0}; every card and chart covers all events)" : ""));
            if (!NoOpen) Open(file);
            WriteObject(new FileInfo(file));
        }

        /// <summary>The default browser, as Start-Process would pick it; a failure leaves the page for the user to open.</summary>
        private void Open(string file)
        {
            string opener = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "explorer.exe"
                : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "open" : "xdg-open";
            try
            {
                using (Process.Start(new ProcessStartInfo(opener, "\"" + file + "\"") { UseShellExecute = false, CreateNoWindow = true })) { }
            }
            catch (Exception ex) when (ex is Win32Exception || ex is InvalidOperationException)
            {
                WriteWarning($"Could not open a browser with {opener} ({ex.Message}); open {file} yourself.");
            }
        }
    }
}
