using System;
using System.CommandLine;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using LlmTelemetry.Cli.Output;
using LlmTelemetry.Queries;
using LlmTelemetry.Exporters;
using LlmTelemetry.Records;

namespace LlmTelemetry.Cli.Commands
{
    /// <summary>`report`: one self-contained HTML dashboard file for a range and filters.</summary>
    internal static class ReportCommand
    {
        private static readonly Option<string?> Out = new("--out") { Description = "The HTML file to write (default: a new file in your reports folder, ~/.cache/llm-telemetry/reports)" };
        private static readonly Option<bool> Open = new("--open") { Description = "Open the page in the default browser" };
        private static readonly Option<int> MaxEvents = new("--max-events") { Description = "Events embedded in the table (default 50,000; aggregates always cover the whole range)", DefaultValueFactory = _ => HtmlReportRequest.DefaultMaxEvents };
        private static readonly Option<string?> Title = new("--title") { Description = "Page title" };

        public static Command Create()
        {
            var command = new Command("report", "Write an HTML dashboard (cards, charts, filterable events) for a range (default: the last 30 days)");
            CliOptions.AddRange(command);
            CliOptions.AddFilters(command);
            foreach (var o in new Option[] { Out, Open, MaxEvents, Title }) command.Options.Add(o);
            CommandRunner.SetAction(command, Run);
            return command;
        }

        private static int Run(ParseResult parse)
        {
            var query = CliOptions.Query(parse, RangeDefault.Last30Days);
            using var store = CliOptions.OpenStore(parse);
            var request = new HtmlReportRequest(query) { MaxEvents = parse.GetValue(MaxEvents), Title = parse.GetValue(Title) };
            var summary = HtmlReportWriter.WriteFile(store, request, parse.GetValue(Out), "out");
            string path = summary.Path!;
            if (parse.GetValue(CliOptions.Json))
            {
                JsonOut.Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("path", path);
                    JsonOut.Range(w, summary.Range, query.Zone);
                    w.WriteNumber("events_embedded", summary.EventsEmbedded);
                    w.WriteNumber("events_total", summary.EventsTotal);
                    w.WriteBoolean("capped", summary.Capped);
                    w.WritePropertyName("totals");
                    JsonOut.CostRow(w, summary.Total);
                    w.WriteNumber("skipped_lines", summary.SkippedLines);
                    w.WriteEndObject();
                });
            }
            else
            {
                Human.Note($"wrote {path}: {summary.EventsEmbedded:N0} of {summary.EventsTotal:N0} events, {Human.Usd(summary.Total.CostUsd)} over {summary.Range.SinceText} .. {summary.Range.UntilText}" +
                           (summary.Capped ? $" (table capped at {summary.MaxEvents:N0}; every chart and card covers all events)" : ""));
            }
            CommandRunner.WarnNotSearched(summary.Stats.DaysNotSearched);
            if (summary.HistoryNotice is string notice) Human.Error("warning: " + notice);
            if (parse.GetValue(Open)) OpenInBrowser(path);
            return CommandRunner.Ok;
        }

        private static void OpenInBrowser(string path)
        {
            string opener = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "explorer.exe" : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "open" : "xdg-open";
            try
            {
                using var _ = Process.Start(new ProcessStartInfo(opener, "\"" + path + "\"") { UseShellExecute = false });
            }
            catch (System.ComponentModel.Win32Exception ex)
            {
                Human.Error($"warning: could not open a browser with {opener} ({ex.Message}); open {path} yourself");
            }
        }
    }
}
