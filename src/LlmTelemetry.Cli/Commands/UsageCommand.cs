using System;
using System.CommandLine;
using System.Text.Json;
using LlmTelemetry.Cli.Output;
using LlmTelemetry.Queries;

namespace LlmTelemetry.Cli.Commands
{
    /// <summary>
    /// What stats, performance and patterns share: read the range once into <see cref="UsageStats"/>, and a JSON
    /// document that opens with the range and the call count and closes with skipped_lines; each command writes the
    /// fields between and its own tables.
    /// </summary>
    internal static class UsageCommand
    {
        public static Command Create(string name, string description, Action<Utf8JsonWriter, UsageStats> jsonFields,
            Action<DateRange?, UsageStats> tables, Argument<string?>? period = null)
        {
            var command = new Command(name, description);
            if (period is not null) command.Arguments.Add(period);
            CliOptions.AddRange(command);
            CliOptions.AddFilters(command);
            CommandRunner.SetAction(command, parse =>
            {
                bool json = parse.GetValue(CliOptions.Json);
                var query = CliOptions.Query(parse, RangeDefault.Last7Days, period is null ? null : parse.GetValue(period));
                using var store = CliOptions.OpenStore(parse);
                if (CommandRunner.HintIfEmpty(store, json) && !json) return CommandRunner.Ok;
                var stats = UsageStatsCalculator.Run(store, query, top: 5);
                if (json) WriteJson(query.Range, stats, jsonFields);
                else tables(query.Range, stats);
                CommandRunner.ReportSkipped(stats.SkippedLines, json);
                CommandRunner.WarnNotSearched(stats.DaysNotSearched);
                return CommandRunner.Ok;
            });
            return command;
        }

        private static void WriteJson(DateRange? range, UsageStats s, Action<Utf8JsonWriter, UsageStats> fields)
            => JsonOut.Write(w => WriteDocument(w, range, s, fields));

        /// <summary>The whole document, for standard output and for serve's /api/telemetry/stats, performance and patterns.</summary>
        internal static void WriteDocument(Utf8JsonWriter w, DateRange? range, UsageStats s, Action<Utf8JsonWriter, UsageStats> fields)
        {
            w.WriteStartObject();
            JsonOut.Range(w, range, range?.Zone ?? TimeZoneInfo.Local);
            w.WriteNumber("calls", s.Calls);
            fields(w, s);
            w.WriteNumber("skipped_lines", s.SkippedLines);
            w.WriteEndObject();
        }
    }
}
