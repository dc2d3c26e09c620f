using System.CommandLine;
using LlmTelemetry.Cli.Output;
using Spectre.Console;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Cli.Commands
{
    /// <summary>`prune`: retention, size cap and compaction now (what cron or a scheduled task calls).</summary>
    internal static class PruneCommand
    {
        private static readonly Option<bool> DryRun = new("--dry-run") { Description = "Report what would be removed or compacted; change nothing" };

        public static Command Create()
        {
            var command = new Command("prune", "Apply retention, the size cap and gzip compaction now");
            command.Options.Add(DryRun);
            CommandRunner.SetAction(command, Run);
            return command;
        }

        private static int Run(ParseResult parse)
        {
            bool json = parse.GetValue(CliOptions.Json);
            using var store = CliOptions.OpenStore(parse);
            var report = store.Maintenance.Run(new MaintenanceOptions { DryRun = parse.GetValue(DryRun) });
            if (json)
            {
                JsonOut.Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteBoolean("dry_run", report.DryRun);
                    w.WriteNumber("days_deleted", report.DaysDeleted);
                    w.WriteNumber("days_compacted", report.DaysCompacted);
                    w.WriteNumber("bytes_before", report.BytesBefore);
                    w.WriteNumber("bytes_after", report.BytesAfter);
                    w.WriteStartArray("steps");
                    foreach (var s in report.Steps)
                    {
                        w.WriteStartObject();
                        w.WriteString("day", DayPartition.Name(s.Day));
                        w.WriteString("action", s.Action.ToString().ToLowerInvariant());
                        w.WriteString("reason", s.Reason);
                        w.WriteNumber("bytes", s.Bytes);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                });
                return CommandRunner.Ok;
            }
            if (report.Steps.Count == 0)
            {
                Human.Note($"Nothing to do: {store.Root} is within retention ({store.Settings.RetentionDays.Value} days) and the size cap ({store.Settings.MaxSizeMB.Value} MB).");
                return CommandRunner.Ok;
            }
            var table = Human.NewTable(report.DryRun ? "Would do (dry run)" : "Done", "Day", "Action", "Reason", "Size");
            foreach (var s in report.Steps) table.AddRow(DayPartition.Name(s.Day), s.Action.ToString(), Human.E(s.Reason), Human.N(s.Bytes / 1024) + " KB");
            Human.Console.Write(table);
            Human.Note($"Store size {Human.N(report.BytesBefore / 1024)} KB → {Human.N(report.BytesAfter / 1024)} KB");
            return CommandRunner.Ok;
        }
    }
}
