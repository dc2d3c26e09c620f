using System;
using System.CommandLine;
using LlmTelemetry.Queries;

namespace LlmTelemetry.Cli.Commands
{
    /// <summary>What stats, performance and patterns share: read the range once into <see cref="UsageStats"/>.</summary>
    internal static class UsageCommand
    {
        public static Command Create(string name, string description, Func<ParseResult, DateRange?, UsageStats, bool, int> render, Argument<string?>? period = null)
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
                int code = render(parse, range, stats, json);
                CommandRunner.ReportSkipped(stats.SkippedLines, json);
                return code;
            });
            return command;
        }
    }
}
