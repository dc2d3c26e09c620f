using System.CommandLine;
using System.Linq;
using LlmTelemetry.Cli.Output;
using Spectre.Console;
using LlmTelemetry.Queries;

namespace LlmTelemetry.Cli.Commands
{
    /// <summary>`models` and `agents`: usage by one dimension, biggest spender first.</summary>
    internal static class BreakdownCommand
    {
        private static readonly Option<int?> Top = new("--top") { Description = "Show only the N biggest" };

        public static Command CreateModels() => Create("models", "Usage and cost by model", GroupKey.Model, "models");

        public static Command CreateAgents() => Create("agents", "Usage and cost by agent", GroupKey.Agent, "agents");

        private static Command Create(string name, string description, GroupKey key, string jsonName)
        {
            var command = new Command(name, description + " (default: the last 30 days)");
            CliOptions.AddRange(command);
            command.Options.Add(Top);
            CliOptions.AddFilters(command);
            CommandRunner.SetAction(command, parse => Run(parse, key, jsonName));
            return command;
        }

        private static int Run(ParseResult parse, GroupKey key, string jsonName)
        {
            bool json = parse.GetValue(CliOptions.Json);
            int? top = parse.GetValue(Top);
            if (top is < 1) throw new Records.TelemetryValidationException("top", top.ToString(), "must be at least 1");
            var query = CliOptions.Query(parse, RangeDefault.Last30Days);
            using var store = CliOptions.OpenStore(parse);
            if (CommandRunner.HintIfEmpty(store, json) && !json) return CommandRunner.Ok;
            var report = CostReporter.Run(store, query, new[] { key });
            var rows = top is null ? report.Rows : report.Rows.Take(top.Value).ToList();
            if (json)
            {
                JsonOut.Write(w =>
                {
                    w.WriteStartObject();
                    JsonOut.Range(w, report.Range, report.Zone);
                    w.WriteStartArray(jsonName);
                    foreach (var row in rows) JsonOut.CostRow(w, row);
                    w.WriteEndArray();
                    w.WritePropertyName("totals");
                    JsonOut.CostRow(w, report.Total);
                    w.WriteNumber("skipped_lines", report.SkippedLines);
                    w.WriteEndObject();
                });
                CommandRunner.WarnNotSearched(report.DaysNotSearched);
                return CommandRunner.Ok;
            }
            string label = key == GroupKey.Model ? "Model" : "Agent";
            var table = Human.NewTable($"{label}s, {report.Range?.SinceText} .. {report.Range?.UntilText}", label, "Calls", "Failed", "Sessions", "Total tokens", "Cost", "Share", "Unpriced", "Avg ms");
            foreach (var r in rows)
            {
                double share = report.Total.CostUsd > 0 ? r.CostUsd / report.Total.CostUsd : 0;
                table.AddRow(Human.E(r.Key[0].Value), Human.N(r.Calls), Human.N(r.FailedCalls), Human.N(r.Sessions), Human.N(r.TotalTokens),
                    Human.Usd(r.CostUsd), Human.Pct(share), Human.N(r.UnpricedCalls), Human.Ms(r.AvgDurationMs));
            }
            var t = report.Total;
            table.AddRow("[bold]Total[/]", Human.N(t.Calls), Human.N(t.FailedCalls), Human.N(t.Sessions), Human.N(t.TotalTokens), "[bold]" + Human.Usd(t.CostUsd) + "[/]", "100%", Human.N(t.UnpricedCalls), Human.Ms(t.AvgDurationMs));
            Human.Console.Write(table);
            if (t.UnpricedCalls > 0) Human.Warn($"{t.UnpricedCalls:N0} call(s) have no price; the cost total leaves them out.");
            CommandRunner.ReportSkipped(report.SkippedLines, json: false);
            CommandRunner.WarnNotSearched(report.DaysNotSearched);
            return CommandRunner.Ok;
        }
    }
}
