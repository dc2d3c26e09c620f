using System;
using System.CommandLine;
using System.IO;
using LlmTelemetry.Cli.Output;
using LlmTelemetry.Queries;
using LlmTelemetry.Exporters;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Cli.Commands
{
    /// <summary>`export`: streams matching records as CSV, a JSON array or JSON Lines to a file or standard output.</summary>
    internal static class ExportCommand
    {
        private static readonly Option<string> Format = new("--format") { Description = "csv, json or jsonl", Required = true };
        private static readonly Option<string> Out = new("--out") { Description = "Output file, or - for standard output (default)", DefaultValueFactory = _ => "-" };

        public static Command Create()
        {
            var command = new Command("export", "Export records (default: all time) as CSV, JSON or JSONL");
            command.Options.Add(Format);
            command.Options.Add(Out);
            CliOptions.AddRange(command);
            CliOptions.AddFilters(command);
            CommandRunner.SetAction(command, Run);
            return command;
        }

        private static int Run(ParseResult parse)
        {
            var format = RecordExporter.ParseFormat(parse.GetValue(Format), "format");
            string target = parse.GetValue(Out) ?? "-";
            var query = CliOptions.Query(parse, RangeDefault.AllTime);
            using var store = CliOptions.OpenStore(parse);
            var diagnostics = new ReadDiagnostics();
            var records = store.Query(query, diagnostics);
            long count;
            if (target == "-")
            {
                using var stdout = Console.OpenStandardOutput();
                count = RecordExporter.Write(records, stdout, format);
            }
            else
            {
                count = RecordExporter.WriteFile(records, target, format, "out");
                Human.Error($"exported {count:N0} record(s) to {Path.GetFullPath(target)}");
            }
            if (diagnostics.SkippedLines > 0) Human.Error($"{diagnostics.SkippedLines:N0} unreadable line(s) were skipped");
            CommandRunner.WarnListing(store, query);
            return CommandRunner.Ok;
        }
    }
}
