using System;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using LlmTelemetry.Cli.Output;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;
using Spectre.Console;

namespace LlmTelemetry.Cli.Commands
{
    /// <summary>`blocks`: 5-hour usage blocks as ccusage lists them (gaps left out), the active one with its burn rate.</summary>
    internal static class BlocksCommand
    {
        private static readonly Option<bool> Active = new("--active") { Description = "Only the active block (none when nothing is active)" };
        private static readonly Option<string?> TokenLimit = new("--token-limit") { Description = "Measure blocks against N tokens, or max: the largest finished block" };
        private static readonly Option<string?> SessionLength = new("--session-length") { Description = "Block length in hours, a whole number of quarter hours (default 5)" };

        public static Command Create()
        {
            var command = new Command("blocks", "Usage in 5-hour blocks, as ccusage blocks cuts them (default: all time)");
            command.Options.Add(Active);
            command.Options.Add(TokenLimit);
            command.Options.Add(SessionLength);
            CliOptions.AddRange(command);
            CliOptions.AddFilters(command);
            CommandRunner.SetAction(command, Run);
            return command;
        }

        private static int Run(ParseResult parse)
        {
            bool json = parse.GetValue(CliOptions.Json);
            var options = parse.GetValue(SessionLength) is { } hours ? UsageBlockOptions.FromHours(Hours(hours), "session_length") : new UsageBlockOptions();
            var limit = parse.GetValue(TokenLimit) is { } text ? Queries.TokenLimit.Parse(text, "token_limit") : null;
            var records = CliOptions.Query(parse, RangeDefault.AllTime);
            using var store = CliOptions.OpenStore(parse);
            bool empty = CommandRunner.HintIfEmpty(store, json);
            if (empty && !json) return CommandRunner.Ok;
            var report = UsageBlocks.Run(store, new UsageBlockQuery { Records = records, Options = options, TokenLimit = limit, ActiveOnly = parse.GetValue(Active) });
            if (json) WriteJson(report);
            else WriteTable(report, records.Zone, parse.GetValue(Active));
            CommandRunner.WarnNotSearched(report.DaysNotSearched);
            return CommandRunner.Ok;
        }

        /// <summary>Hours as the user wrote them (invariant culture); a bad number is named like every other bad option.</summary>
        private static double Hours(string text)
        {
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double h)) return h;
            throw new TelemetryValidationException("session_length", text, "must be a number of hours, a whole number of quarter hours (0.25, 0.5, …, 5)");
        }

        internal static void WriteJson(UsageBlockReport report)
        {
            JsonOut.Write(w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("blocks");
                foreach (var b in report.Blocks) Block(w, b);
                w.WriteEndArray();
                w.WriteEndObject();
            });
        }

        internal static void Block(Utf8JsonWriter w, UsageBlock b)
        {
            w.WriteStartObject();
            w.WriteString("start", Instant(b.Start));
            w.WriteString("end", Instant(b.End));
            w.WriteBoolean("active", b.IsActive);
            w.WriteNumber("calls", b.Calls);
            w.WriteNumber("input_tokens", b.InputTokens);
            w.WriteNumber("output_tokens", b.OutputTokens);
            w.WriteNumber("cache_creation_input_tokens", b.CacheCreationInputTokens);
            w.WriteNumber("cache_read_input_tokens", b.CacheReadInputTokens);
            w.WriteNumber("total_tokens", b.TotalTokens);
            // Not rounded: a block's cost is compared with ccusage's to the last digits.
            w.WriteNumber("cost_usd", b.CostUsd);
            w.WriteStartArray("models");
            foreach (var m in b.Models) w.WriteStringValue(m);
            w.WriteEndArray();
            if (b.BurnRate is { } rate)
            {
                w.WriteStartObject("burn_rate");
                w.WriteNumber("tokens_per_minute", rate.TokensPerMinute);
                w.WriteNumber("input_output_tokens_per_minute", rate.InputOutputTokensPerMinute);
                w.WriteNumber("cost_per_minute", rate.CostPerMinute);
                w.WriteNumber("cost_per_hour", rate.CostPerHour);
                w.WriteEndObject();
            }
            else w.WriteNull("burn_rate");
            if (b.Projection is { } p)
            {
                w.WriteStartObject("projection");
                w.WriteNumber("total_tokens", p.TotalTokens);
                w.WriteNumber("cost_usd", p.CostUsd);
                w.WriteNumber("remaining_minutes", p.RemainingMinutes);
                w.WriteEndObject();
            }
            else w.WriteNull("projection");
            if (b.Limit is { } l)
            {
                w.WriteStartObject("token_limit");
                w.WriteNumber("limit", l.Limit);
                w.WriteNumber("used", l.Used);
                w.WriteNumber("percent", l.Percent);
                if (l.Projected is long projected) w.WriteNumber("projected", projected);
                else w.WriteNull("projected");
                JsonOut.NumberOrNull(w, "projected_percent", l.ProjectedPercent);
                w.WriteString("status", l.Status);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }

        /// <summary>UTC with milliseconds, as ccusage writes its times (JavaScript's toISOString).</summary>
        private static string Instant(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

        internal static void WriteTable(UsageBlockReport report, TimeZoneInfo zone, bool activeOnly)
        {
            if (report.Blocks.Count == 0)
            {
                Human.Note(activeOnly ? "No active block." : "No calls in this range.");
                return;
            }
            bool limited = report.TokenLimit is not null;
            var columns = new[] { "Start", "End", "Status", "Calls", "Models", "Input", "Output", "Cache write", "Cache read", "Total tokens" }
                .Concat(limited ? new[] { "% of limit" } : Array.Empty<string>()).Concat(new[] { "Cost" }).ToArray();
            string hours = report.Length.TotalHours.ToString("0.##", CultureInfo.InvariantCulture);
            var table = Human.NewTable($"Usage in {hours}-hour blocks ({TimeZones.Name(zone)})", columns);
            foreach (var b in report.Blocks)
            {
                var cells = new[]
                {
                    Local(b.Start, zone), Local(b.End, zone), b.IsActive ? "[green]ACTIVE[/]" : "", Human.N(b.Calls), Human.E(string.Join(", ", b.Models)),
                    Human.N(b.InputTokens), Human.N(b.OutputTokens), Human.N(b.CacheCreationInputTokens), Human.N(b.CacheReadInputTokens), Human.N(b.TotalTokens),
                }.ToList();
                if (limited) cells.Add(b.Limit is { } l ? (l.Percent > 100 ? "[red]" : "") + l.Percent.ToString("0.0", CultureInfo.InvariantCulture) + "%" + (l.Percent > 100 ? "[/]" : "") : "");
                cells.Add(Human.Usd(b.CostUsd));
                table.AddRow(cells.ToArray());
            }
            Human.Console.Write(table);
            var active = report.Blocks.FirstOrDefault(b => b.IsActive);
            if (active?.BurnRate is { } rate && active.Projection is { } p)
            {
                Human.Line(string.Format(CultureInfo.InvariantCulture, "Burn rate: {0:N0} tokens/min, {1}/min ({2}/hour)", rate.TokensPerMinute, Human.Usd(rate.CostPerMinute), Human.Usd(rate.CostPerHour)));
                Human.Line(string.Format(CultureInfo.InvariantCulture, "Projected at {0} ({1:N0} min left): {2:N0} tokens, {3}{4}", Local(active.End, zone), p.RemainingMinutes,
                    p.TotalTokens, Human.Usd(p.CostUsd), active.Limit is { } l ? $" ({l.ProjectedPercent:0.0}% of the {l.Limit:N0}-token limit: {l.Status})" : ""));
            }
            if (report.SkippedLines > 0) CommandRunner.ReportSkipped(report.SkippedLines, json: false);
        }

        private static string Local(DateTimeOffset t, TimeZoneInfo zone) => TimeZoneInfo.ConvertTime(t, zone).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
    }
}
