using System.CommandLine;
using System.Linq;
using System.Text.Json;
using LlmTelemetry.Cli.Output;
using LlmTelemetry.Queries;
using LlmTelemetry.Storage;
using Spectre.Console;

namespace LlmTelemetry.Cli.Commands
{
    /// <summary>`costs`: the cost breakdown by one or more keys over a range of local days.</summary>
    internal static class CostsCommand
    {
        private static readonly Option<string?> By = new("--by") { Description = "Group by day, week, month, hour, model, provider, agent, operation, project, session, user or host (comma-separate several); default day" };

        public static Command Create()
        {
            var command = new Command("costs", "Cost breakdown over a range (default: the last 30 days by day)");
            CliOptions.AddRange(command);
            command.Options.Add(By);
            CliOptions.AddFilters(command);
            CommandRunner.SetAction(command, Run);
            return command;
        }

        private static int Run(ParseResult parse)
        {
            bool json = parse.GetValue(CliOptions.Json);
            var query = CliOptions.Query(parse, RangeDefault.Last30Days);
            var groupBy = GroupKeys.ParseList(parse.GetValue(By) ?? "day", "by");
            using var store = CliOptions.OpenStore(parse);
            bool empty = CommandRunner.HintIfEmpty(store, json);
            if (empty && !json) return CommandRunner.Ok;
            var report = CostReporter.Run(store, query, groupBy);
            if (json) WriteJson(report);
            else WriteTable(report);
            CommandRunner.WarnNotSearched(report.DaysNotSearched);
            return CommandRunner.Ok;
        }

        internal static void WriteJson(CostReport report) => JsonOut.Write(w => WriteDocument(w, report));

        /// <summary>The costs document, for standard output and for serve's /api/telemetry/costs.</summary>
        internal static void WriteDocument(Utf8JsonWriter w, CostReport report)
        {
            w.WriteStartObject();
            JsonOut.Range(w, report.Range, report.Zone);
            w.WriteStartArray("groups");
            foreach (var row in report.Rows) JsonOut.CostRow(w, row);
            w.WriteEndArray();
            w.WritePropertyName("totals");
            JsonOut.CostRow(w, report.Total);
            w.WriteNumber("skipped_lines", report.SkippedLines);
            w.WriteEndObject();
        }

        internal static void WriteTable(CostReport report)
        {
            var keyColumns = report.GroupBy.Select(k => char.ToUpperInvariant(GroupKeys.Name(k)[0]) + GroupKeys.Name(k).Substring(1)).ToArray();
            string title = report.Range is null ? "Costs, all time" : $"Costs {report.Range.SinceText} .. {report.Range.UntilText} ({TimeZones.Name(report.Zone)})";
            var table = Human.NewTable(title, keyColumns.Concat(new[] { "Calls", "Input", "Output", "Cache write", "Cache read", "Total tokens", "Cost", "Unpriced" }).ToArray());
            foreach (var row in report.Rows) table.AddRow(Cells(row, report.GroupBy.Count));
            table.AddRow(Cells(report.Total, report.GroupBy.Count).Select((c, i) => i == 0 ? "[bold]Total[/]" : "[bold]" + c + "[/]").ToArray());
            Human.Console.Write(table);
            if (report.Total.UnpricedCalls > 0)
                Human.Warn($"{report.Total.UnpricedCalls:N0} call(s) used models without a price: the cost total leaves them out. See `llm-telemetry registry list`.");
            CommandRunner.ReportSkipped(report.SkippedLines, json: false);
        }

        private static string[] Cells(CostRow row, int keyCount)
        {
            var keys = row.IsTotal ? Enumerable.Repeat("", keyCount) : row.Key.Select(k => Human.E(k.Value));
            return keys.Concat(new[]
            {
                Human.N(row.Calls), Human.N(row.InputTokens), Human.N(row.OutputTokens), Human.N(row.CacheCreationInputTokens),
                Human.N(row.CacheReadInputTokens), Human.N(row.TotalTokens), Human.Usd(row.CostUsd),
                row.UnpricedCalls > 0 ? "[yellow]" + Human.N(row.UnpricedCalls) + "[/]" : "0",
            }).ToArray();
        }
    }
}
