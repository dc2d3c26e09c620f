using System.CommandLine;
using System.Linq;
using System.Text.Json;
using LlmTelemetry.Cli.Output;
using LlmTelemetry.Queries;
using LlmTelemetry.Storage;
using Spectre.Console;

namespace LlmTelemetry.Cli.Commands
{
    /// <summary>
    /// `prune`: retention, the size caps, compaction and the history limits now (what cron or a scheduled task calls), or, with
    /// --older-than, --before or --all, the removal Remove-LlmTelemetry does. Either way through the core's
    /// <see cref="StoreRemoval"/>, so both front ends remove the same days the same way.
    /// </summary>
    internal static class PruneCommand
    {
        private static readonly Option<bool> DryRun = new("--dry-run") { Description = "Report what would happen to each day's raw records and rollup; change nothing" };
        private static readonly Option<int?> OlderThan = new("--older-than") { HelpName = "N", Description = "Remove the raw records of the UTC days older than N days (today and the N days before it stay); their rollups stay in history" };
        private static readonly Option<string?> Before = new("--before") { HelpName = "YYYY-MM-DD", Description = "Remove the raw records of the UTC days before YYYY-MM-DD; their rollups stay in history" };
        private static readonly Option<bool> All = new("--all") { Description = "Remove every raw record; the rollups of closed days stay in history (today has none yet)" };
        private static readonly Option<bool> IncludeHistory = new("--include-history") { Description = "With --older-than, --before or --all: delete those days' history rollups too, so their costs are gone for good" };

        public static Command Create()
        {
            var command = new Command("prune", "Apply retention, the size caps, gzip compaction and the history limits now, or remove days (--older-than, --before, --all)");
            foreach (var option in new Option[] { DryRun, OlderThan, Before, All, IncludeHistory }) command.Options.Add(option);
            // The CLI's spelling of Remove-LlmTelemetry's parameter sets: one way to choose days, and history only with one.
            command.Validators.Add(result =>
            {
                int modes = new Option[] { OlderThan, Before, All }.Count(o => result.GetResult(o) is not null);
                if (modes > 1) result.AddError("give only one of --older-than, --before and --all");
                else if (modes == 0 && result.GetResult(IncludeHistory) is not null)
                    result.AddError("--include-history goes with --older-than, --before or --all; prune alone deletes history only by LLM_HISTORY_DAYS and LLM_HISTORY_MAX_SIZE_MB");
            });
            CommandRunner.SetAction(command, Run);
            return command;
        }

        private static int Run(ParseResult parse)
        {
            bool json = parse.GetValue(CliOptions.Json);
            string? before = parse.GetValue(Before);
            var request = new RemovalRequest
            {
                OlderThanDays = parse.GetValue(OlderThan),
                Before = before is null ? null : DateRange.ParseDate(before, "before"),
                All = parse.GetValue(All),
                IncludeHistory = parse.GetValue(IncludeHistory),
                DryRun = parse.GetValue(DryRun),
            };
            bool removal = request.OlderThanDays is not null || request.Before is not null || request.All;
            if (!removal) request = request with { ApplyRetention = true };
            using var store = CliOptions.OpenStore(parse);
            var report = StoreRemoval.Run(store, request);
            if (json)
            {
                JsonOut.Write(w =>
                {
                    w.WriteStartObject();
                    WriteFields(w, report);
                    w.WriteEndObject();
                });
                return CommandRunner.Ok;
            }
            if (report.Steps.Count == 0)
            {
                var s = store.Settings;
                Human.Note(removal
                    ? $"Nothing to remove in {store.Root}."
                    : $"Nothing to do: {store.Root} is within retention ({s.RetentionDays.Value} days), the size cap ({s.MaxSizeMB.Value} MB) and the history limits ({HistoryDays(s.HistoryDays.Value)}, {s.HistoryMaxSizeMB.Value} MB).");
                return CommandRunner.Ok;
            }
            var table = Human.NewTable(report.DryRun ? "Would do (dry run)" : "Done", "Day", "Action", "Raw records", "History", "Reason", "Size");
            foreach (var s in report.Steps)
                table.AddRow(DayPartition.Name(s.Day), s.Action.ToString(), Words(s.Raw), Words(s.History), Human.E(s.Reason), Human.N(s.Bytes / 1024) + " KB");
            Human.Console.Write(table);
            Human.Note($"Store size {Human.N(report.BytesBefore / 1024)} KB → {Human.N(report.BytesAfter / 1024)} KB");
            return CommandRunner.Ok;
        }

        /// <summary>prune --json's fields (the caller opens and closes the object): serve's DELETE answers with them too.</summary>
        internal static void WriteFields(Utf8JsonWriter w, MaintenanceReport report)
        {
            // The fields before days_archived, and those of a step before raw, are prune's first contract.
            w.WriteBoolean("dry_run", report.DryRun);
            w.WriteNumber("days_deleted", report.DaysDeleted);
            w.WriteNumber("days_compacted", report.DaysCompacted);
            w.WriteNumber("bytes_before", report.BytesBefore);
            w.WriteNumber("bytes_after", report.BytesAfter);
            w.WriteNumber("days_archived", report.DaysArchived);
            w.WriteNumber("history_days_deleted", report.HistoryDaysDeleted);
            w.WriteStartArray("steps");
            foreach (var s in report.Steps)
            {
                w.WriteStartObject();
                w.WriteString("day", DayPartition.Name(s.Day));
                w.WriteString("action", JsonOut.Token(s.Action));
                w.WriteString("reason", s.Reason);
                w.WriteNumber("bytes", s.Bytes);
                w.WriteString("raw", JsonOut.Token(s.Raw));
                w.WriteString("history", JsonOut.Token(s.History));
                if (s.Records >= 0) w.WriteNumber("records", s.Records);
                else w.WriteNull("records");
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }

        private static string HistoryDays(int days) => days == 0 ? "kept forever" : days + " days";

        /// <summary>"records removed" for RecordsRemoved, "-" for None: the --json token read aloud.</summary>
        private static string Words(System.Enum value)
        {
            var token = JsonOut.Token(value);
            return token == "none" ? "-" : token.Replace('_', ' ');
        }
    }
}
