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
                var zone = CliOptions.Zone(parse);
                int defaultDays = 7;
                if (period is not null && parse.GetValue(period) is { } p)
                {
                    if (parse.GetValue(CliOptions.Days) is not null)
                        throw new Records.TelemetryValidationException("days", parse.GetValue(CliOptions.Days).ToString(), $"cannot be combined with the period '{p}'");
                    defaultDays = p.ToLowerInvariant() switch
                    {
                        "today" => 1,
                        "week" => 7,
                        "month" => 30,
                        _ => throw new Records.TelemetryValidationException("period", p, "expected today, week or month"),
                    };
                }
                var range = CliOptions.Range(parse, zone, defaultDays);
                using var store = CliOptions.OpenStore(parse);
                if (CommandRunner.HintIfEmpty(store, json) && !json) return CommandRunner.Ok;
                var stats = UsageStatsCalculator.Run(store, range, CliOptions.Filter(parse), zone, top: 5);
                if (json) WriteJson(range, stats, jsonFields);
                else tables(range, stats);
                CommandRunner.ReportSkipped(stats.SkippedLines, json);
                return CommandRunner.Ok;
            });
            return command;
        }

        private static void WriteJson(DateRange? range, UsageStats s, Action<Utf8JsonWriter, UsageStats> fields)
        {
            JsonOut.Write(w =>
            {
                w.WriteStartObject();
                JsonOut.Range(w, range, range?.Zone ?? TimeZoneInfo.Local);
                w.WriteNumber("calls", s.Calls);
                fields(w, s);
                w.WriteNumber("skipped_lines", s.SkippedLines);
                w.WriteEndObject();
            });
        }
    }
}
