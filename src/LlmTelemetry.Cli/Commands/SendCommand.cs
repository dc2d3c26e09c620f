using System;
using System.CommandLine;
using System.Threading;
using LlmTelemetry.Cli.Output;
using LlmTelemetry.Exporters.Shipping;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;

namespace LlmTelemetry.Cli.Commands
{
    /// <summary>
    /// `send clickhouse|pushgateway|otlp`: ships the store to the engines a team runs, incrementally from a checkpoint
    /// per sink and target, so a scheduled task can run it as often as it likes.
    /// </summary>
    internal static class SendCommand
    {
        private static readonly Option<string> Url = new("--url") { Description = "The engine's base URL (http://host:8123, http://host:9091, http://host:4318)", Required = true };
        private static readonly Option<string?> Database = new("--database") { Description = "ClickHouse database (default: default)" };
        private static readonly Option<string?> Table = new("--table") { Description = "ClickHouse records table (default: llm_telemetry; rollups go to <table>_daily)" };
        private static readonly Option<string?> User = new("--user") { Description = "ClickHouse user (the password comes from LLM_CLICKHOUSE_PASSWORD)" };
        private static readonly Option<string?> Job = new("--job") { Description = "Pushgateway job label (default: llm_telemetry)" };
        private static readonly Option<string?> Since = new("--since") { Description = "Send nothing before this local date (YYYY-MM-DD)" };
        private static readonly Option<bool> FromStart = new("--from-start") { Description = "Ignore the checkpoint and send everything again (the target's dedup by id absorbs the copies)" };
        private static readonly Option<bool> Anonymize = new("--anonymize") { Description = "Hash user ids and hosts with the team salt in LLM_TEAM_SALT (HMAC-SHA256); payloads are left out" };
        private static readonly Option<bool> DryRun = new("--dry-run") { Description = "Read and count what would be sent; send nothing, leave the checkpoint" };

        public static Command Create()
        {
            var command = new Command("send", "Ship the store's records to ClickHouse, a Prometheus Pushgateway or an OpenTelemetry collector");
            command.Subcommands.Add(Sink("clickhouse", SendSinkKind.ClickHouse, "Records and history rollups into ClickHouse tables over its HTTP interface", Database, Table, User));
            command.Subcommands.Add(Sink("pushgateway", SendSinkKind.Pushgateway, "The store's totals as Prometheus counters and a latency histogram", Job));
            command.Subcommands.Add(Sink("otlp", SendSinkKind.Otlp, "Records as OTLP/HTTP JSON log records, with the GenAI token and duration metrics"));
            return command;
        }

        private static Command Sink(string name, SendSinkKind kind, string description, params Option[] own)
        {
            var command = new Command(name, description);
            command.Options.Add(Url);
            foreach (var o in own) command.Options.Add(o);
            foreach (var o in new Option[] { Since, CliOptions.TimeZone, FromStart, Anonymize, DryRun }) command.Options.Add(o);
            command.SetAction((parse, cancel) => System.Threading.Tasks.Task.FromResult(CommandRunner.Run(() => Run(parse, kind, own, cancel))));
            return command;
        }

        private static int Run(ParseResult parse, SendSinkKind kind, Option[] own, CancellationToken cancel)
        {
            bool json = parse.GetValue(CliOptions.Json);
            var target = new SendTarget
            {
                Sink = kind,
                Url = parse.GetValue(Url)!,
                Database = Array.IndexOf(own, Database) >= 0 ? parse.GetValue(Database) : null,
                Table = Array.IndexOf(own, Table) >= 0 ? parse.GetValue(Table) : null,
                User = Array.IndexOf(own, User) >= 0 ? parse.GetValue(User) : null,
                Job = Array.IndexOf(own, Job) >= 0 ? parse.GetValue(Job) : null,
            };
            DateTimeOffset? since = null;
            if (parse.GetValue(Since) is { } text)
            {
                var day = DateRange.ParseDate(text, "since");
                since = new DateRange(day, day, CliOptions.Zone(parse)).Start;
            }
            var options = new SendOptions
            {
                Since = since,
                FromStart = parse.GetValue(FromStart),
                Anonymize = parse.GetValue(Anonymize),
                DryRun = parse.GetValue(DryRun),
            };
            using var store = CliOptions.OpenStore(parse);
            var result = TelemetrySender.Send(store, target, options, cancel);
            if (json) JsonOut.Write(w => WriteResult(w, result));
            else Print(result);
            return CommandRunner.Ok;
        }

        /// <summary>{"sink","sent","batches","skipped","checkpoint"}: checkpoint is {"file","day","line"}, or null for a Pushgateway (it pushes totals).</summary>
        private static void WriteResult(System.Text.Json.Utf8JsonWriter w, SendResult r)
        {
            w.WriteStartObject();
            w.WriteString("sink", r.Sink);
            w.WriteNumber("sent", r.Sent);
            w.WriteNumber("batches", r.Batches);
            w.WriteNumber("skipped", r.Skipped);
            if (r.CheckpointPath is null)
            {
                w.WriteNull("checkpoint");
            }
            else
            {
                w.WriteStartObject("checkpoint");
                w.WriteString("file", r.CheckpointPath);
                if (r.CheckpointDay is null) w.WriteNull("day");
                else w.WriteString("day", r.CheckpointDay);
                w.WriteNumber("line", r.CheckpointLine);
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }

        private static void Print(SendResult r)
        {
            if (r.DryRunBody is not null) Human.Line(r.DryRunBody.TrimEnd('\n'));
            string verb = r.DryRun ? "dry run, would send" : "sent";
            // A Pushgateway gets series of totals; the other sinks get records.
            string what = r.CheckpointPath is null ? $"{Human.N(r.SeriesSent)} series" : $"{Human.N(r.RecordsSent)} record(s)";
            if (r.HistoryDaysSent > 0) what += $" and {Human.N(r.RollupRowsSent)} rollup row(s) of {Human.N(r.HistoryDaysSent)} history day(s)";
            string line = $"{r.Sink} {r.Target}: {verb} {what} in {Human.N(r.Batches)} request(s)";
            if (r.Skipped > 0) line += $"; {Human.N(r.Skipped)} skipped";
            if (r.CheckpointPath is not null && !r.DryRun)
                line += r.CheckpointDay is null ? $"; checkpoint {r.CheckpointPath}" : $"; checkpoint {r.CheckpointDay} line {Human.N(r.CheckpointLine)} ({r.CheckpointPath})";
            Human.Note(line);
        }
    }
}
