using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using LlmTelemetry.Cli.Output;
using LlmTelemetry.Queries;
using Spectre.Console;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Cli.Commands
{
    /// <summary>`events`: the records themselves, newest first.</summary>
    internal static class EventsCommand
    {
        private static readonly Option<int> Limit = new("--limit") { Description = "At most N events (default 50)", DefaultValueFactory = _ => 50 };

        public static Command Create()
        {
            var command = new Command("events", "Recorded events, newest first (default: all time, 50 events)");
            CliOptions.AddRange(command);
            CliOptions.AddFilters(command);
            command.Options.Add(Limit);
            CommandRunner.SetAction(command, Run);
            return command;
        }

        /// <summary>The "events" array: each record in the store's own JSON shape (events --json and serve's /api/telemetry/events).</summary>
        /// <param name="texts">The prompt and response texts to show beside their records (serve's include_text), by record id.</param>
        internal static void WriteEvents(Utf8JsonWriter w, IEnumerable<TelemetryRecord> events, IReadOnlyDictionary<string, Storage.StoredText>? texts = null)
        {
            w.WriteStartArray("events");
            foreach (var e in events)
            {
                using var doc = JsonDocument.Parse(RecordSerializer.ToJson(e));
                if (texts is null || !texts.TryGetValue(e.Id, out var text))
                {
                    doc.RootElement.WriteTo(w);
                    continue;
                }
                w.WriteStartObject();
                foreach (var property in doc.RootElement.EnumerateObject()) property.WriteTo(w);
                if (text.Prompt is not null) w.WriteString("prompt_text", text.Prompt);
                if (text.Response is not null) w.WriteString("response_text", text.Response);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }

        private static int Run(ParseResult parse)
        {
            bool json = parse.GetValue(CliOptions.Json);
            int limit = parse.GetValue(Limit);
            if (limit < 1) throw new TelemetryValidationException("limit", limit.ToString(CultureInfo.InvariantCulture), "must be at least 1");
            var query = CliOptions.Query(parse, RangeDefault.AllTime) with { NewestFirst = true, Limit = limit };
            var zone = query.Zone;
            using var store = CliOptions.OpenStore(parse);
            if (CommandRunner.HintIfEmpty(store, json) && !json) return CommandRunner.Ok;
            var diagnostics = new ReadDiagnostics();
            var events = store.Query(query, diagnostics).ToList();
            if (json)
            {
                JsonOut.Write(w =>
                {
                    w.WriteStartObject();
                    WriteEvents(w, events);
                    w.WriteNumber("skipped_lines", diagnostics.SkippedLines);
                    w.WriteEndObject();
                });
                CommandRunner.WarnListing(store, query);
                return CommandRunner.Ok;
            }
            var table = Human.NewTable($"Latest {events.Count} event(s)", "Time", "Type", "Model", "Agent", "Operation", "Tokens", "Cost", "Duration ms", "OK");
            foreach (var e in events)
            {
                var local = TimeZoneInfo.ConvertTime(e.Timestamp, zone);
                table.AddRow(local.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), Human.E(e.EventType), Human.E(e.Model), Human.E(e.AgentName),
                    Human.E(e.Operation), Human.N(e.Tokens.Total), e.CostUsd is double c ? Human.Usd(c) : "[yellow]unpriced[/]",
                    e.DurationMs is long d ? Human.N(d) : "-", e.Success ? "[green]yes[/]" : "[red]no[/] " + Human.E(e.Metadata.Error));
            }
            Human.Console.Write(table);
            CommandRunner.ReportSkipped(diagnostics.SkippedLines, json: false);
            CommandRunner.WarnListing(store, query);
            return CommandRunner.Ok;
        }
    }
}
