using System;
using System.CommandLine;
using System.IO;
using LlmTelemetry.Cli.Output;
using LlmTelemetry.Importers;
using LlmTelemetry.Records;
using Spectre.Console;

namespace LlmTelemetry.Cli.Commands
{
    /// <summary>`import claude-code|codex|jsonl`: bring the logs other tools wrote (or another machine's store) into this store, once.</summary>
    internal static class ImportCommand
    {
        private static readonly Argument<string> Source = new("source") { Description = "claude-code, codex or jsonl" };
        private static readonly Option<string?> PathOption = new("--path") { Description = "A log file or folder (default: the tool's own folders; required for jsonl)" };
        private static readonly Option<bool> DryRun = new("--dry-run") { Description = "Read and count; write nothing (no records, no checkpoints)" };

        public static Command Create()
        {
            var command = new Command("import", "Import Claude Code or Codex CLI usage logs, or another store's JSONL; importing again adds only new calls");
            command.Arguments.Add(Source);
            command.Options.Add(PathOption);
            command.Options.Add(DryRun);
            CommandRunner.SetAction(command, Run);
            return command;
        }

        private static int Run(ParseResult parse)
        {
            bool json = parse.GetValue(CliOptions.Json);
            string sourceText = parse.GetValue(Source)!;
            if (!ImportSources.TryParse(sourceText, out var source))
                throw new TelemetryValidationException("source", sourceText, "expected claude-code, codex or jsonl");
            string? path = parse.GetValue(PathOption);

            using var store = CliOptions.OpenStore(parse);
            var options = new ImportOptions
            {
                Path = path,
                DryRun = parse.GetValue(DryRun),
                Pricer = CliServices.Pricing,
            };
            bool showProgress = !json && !Console.IsErrorRedirected;
            if (showProgress)
            {
                options = options with { Progress = new Progress<ImportProgress>(p =>
                    Console.Error.Write($"\rimporting {ImportSources.NameOf(source)}: {p.FilesDone:N0}/{p.FilesTotal:N0} files, {p.BytesDone / 1048576.0:N1}/{p.BytesTotal / 1048576.0:N1} MB   ")) };
            }
            var result = TelemetryImporter.Import(source, store, options);
            if (showProgress) Console.Error.WriteLine();
            if (json)
            {
                JsonOut.Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("source", result.Source);
                    w.WriteBoolean("dry_run", result.DryRun);
                    w.WriteNumber("files_read", result.FilesRead);
                    w.WriteNumber("files_unchanged", result.FilesSkippedUnchanged);
                    w.WriteNumber("lines", result.Lines);
                    w.WriteNumber("added", result.Added);
                    w.WriteNumber("corrected", result.Corrected);
                    w.WriteNumber("duplicates", result.Duplicates);
                    // Kept for the tools that read it; 0 now: calls older than the raw retention go to the day's history.
                    w.WriteNumber("older_than_retention", result.OlderThanRetention);
                    // Kept for the tools that read it; always 0 now: every whole line is imported at once, and a call
                    // a later line enlarges is corrected then ("corrected").
                    w.WriteNumber("deferred", 0);
                    w.WriteNumber("malformed", result.Malformed);
                    w.WriteNumber("bytes", result.Bytes);
                    w.WriteNumber("elapsed_ms", (long)result.Elapsed.TotalMilliseconds);
                    w.WriteStartArray("malformed_lines");
                    foreach (var m in result.MalformedLines)
                    {
                        w.WriteStartObject();
                        w.WriteString("file", m.File);
                        w.WriteNumber("line", m.Line);
                        w.WriteString("problem", m.Problem);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteStartArray("unreadable_files");
                    foreach (var u in result.UnreadableFiles)
                    {
                        w.WriteStartObject();
                        w.WriteString("path", u.Path);
                        w.WriteString("reason", u.Reason);
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                });
                return CommandRunner.Ok;
            }
            var grid = new Grid().AddColumn().AddColumn(new GridColumn().RightAligned());
            grid.AddRow("Files read", Human.N(result.FilesRead) + (result.FilesSkippedUnchanged > 0 ? $" ({Human.N(result.FilesSkippedUnchanged)} unchanged, skipped)" : ""));
            grid.AddRow("Lines", Human.N(result.Lines));
            grid.AddRow("[bold]Calls added[/]", "[bold]" + Human.N(result.Added) + "[/]");
            grid.AddRow("Duplicates skipped", Human.N(result.Duplicates));
            if (result.Corrected > 0) grid.AddRow("Corrected (more usage than stored)", Human.N(result.Corrected));
            grid.AddRow("Malformed lines", Human.N(result.Malformed));
            grid.AddRow("Read", $"{result.Bytes / 1048576.0:N1} MB in {result.Elapsed.TotalSeconds:N2} s");
            Human.Console.Write(new Panel(grid).Header((result.DryRun ? "Dry run: " : "") + "import " + Human.E(result.Source)));
            foreach (var m in result.MalformedLines) Human.Warn($"{m.File}:{m.Line}: {m.Problem}");
            foreach (var u in result.UnreadableFiles) Human.Warn($"could not read {u.Path}: {u.Reason}");
            return CommandRunner.Ok;
        }
    }
}
