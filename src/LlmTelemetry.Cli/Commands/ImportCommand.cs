using System;
using System.CommandLine;
using System.IO;
using System.Text.Json;
using LlmTelemetry.Cli.Output;
using LlmTelemetry.Importers;
using LlmTelemetry.Records;
using Spectre.Console;

namespace LlmTelemetry.Cli.Commands
{
    /// <summary>
    /// `import [claude-code|codex|gemini|jsonl]`: bring the logs other tools wrote (or another machine's store) into this
    /// store, once. Without a source, every tool whose logs are on this machine is imported (the core decides which).
    /// </summary>
    internal static class ImportCommand
    {
        private const string SourceNames = "claude-code, codex, gemini or jsonl";
        private static readonly Argument<string?> Source = new("source") { Description = SourceNames + " (default: every tool whose logs are here)", Arity = ArgumentArity.ZeroOrOne };
        private static readonly Option<string?> SourceOption = new("--source") { Description = "The source, as the argument names it: " + SourceNames };
        private static readonly Option<string?> PathOption = new("--path") { Description = "A log file or folder (default: the tool's own folders; required for jsonl; needs a source)" };
        private static readonly Option<bool> DryRun = new("--dry-run") { Description = "Read and count; write nothing (no records, no checkpoints)" };

        public static Command Create()
        {
            var command = new Command("import", "Import Claude Code, Codex CLI or Gemini CLI usage logs (all found here, or one), or another store's JSONL; importing again adds only new calls");
            command.Arguments.Add(Source);
            command.Options.Add(SourceOption);
            command.Options.Add(PathOption);
            command.Options.Add(DryRun);
            CommandRunner.SetAction(command, Run);
            return command;
        }

        private static int Run(ParseResult parse)
        {
            bool json = parse.GetValue(CliOptions.Json);
            var source = SourceOf(parse.GetValue(Source), parse.GetValue(SourceOption));

            using var store = CliOptions.OpenStore(parse);
            var options = new ImportOptions
            {
                Path = parse.GetValue(PathOption),
                DryRun = parse.GetValue(DryRun),
                Pricer = CliServices.PricingWhenNeeded,
            };
            bool showProgress = !json && !Console.IsErrorRedirected;
            if (showProgress)
            {
                string? shown = null;
                options = options with { Progress = new Progress<ImportProgress>(p =>
                {
                    // One progress line per source: the next source starts on a line of its own.
                    if (shown is not null && shown != p.Source) Console.Error.WriteLine();
                    shown = p.Source;
                    Console.Error.Write($"\rimporting {p.Source}: {p.FilesDone:N0}/{p.FilesTotal:N0} files, {p.BytesDone / 1048576.0:N1}/{p.BytesTotal / 1048576.0:N1} MB   ");
                }) };
            }

            if (source is ImportSource one)
            {
                var result = TelemetryImporter.Import(one, store, options);
                if (showProgress) Console.Error.WriteLine();
                if (!options.DryRun && result.Added + result.Corrected > 0) CommandRunner.CheckBudgets(store);
                if (json) JsonOut.Write(w => WriteResult(w, result));
                else WriteHuman(result);
                return CommandRunner.Ok;
            }

            var all = TelemetryImporter.ImportAll(store, options);
            if (showProgress && all.Sources.Count > 0) Console.Error.WriteLine();
            if (!options.DryRun && all.Added + all.Corrected > 0) CommandRunner.CheckBudgets(store);
            if (json)
            {
                JsonOut.Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteStartArray("sources");
                    foreach (var result in all.Sources) WriteResult(w, result);
                    w.WriteEndArray();
                    w.WriteNumber("added", all.Added);
                    w.WriteNumber("corrected", all.Corrected);
                    w.WriteNumber("duplicates", all.Duplicates);
                    w.WriteNumber("malformed", all.Malformed);
                    w.WriteNumber("elapsed_ms", (long)all.Elapsed.TotalMilliseconds);
                    w.WriteStartArray("not_found");
                    foreach (var missing in all.NotFound)
                    {
                        w.WriteStartObject();
                        w.WriteString("source", missing.Source);
                        w.WriteStartArray("paths");
                        foreach (var location in missing.Locations) w.WriteStringValue(location);
                        w.WriteEndArray();
                        w.WriteEndObject();
                    }
                    w.WriteEndArray();
                    w.WriteEndObject();
                });
                return CommandRunner.Ok;
            }
            foreach (var result in all.Sources) WriteHuman(result);
            foreach (var missing in all.NotFound) Human.Note($"{missing.Source}: no logs found at {string.Join(", ", missing.Locations)}");
            if (all.Sources.Count > 1)
                Human.Line($"{(options.DryRun ? "Would add" : "Added")} {Human.N(all.Added)} calls from {all.Sources.Count} sources ({Human.N(all.Duplicates)} duplicates, {Human.N(all.Malformed)} malformed) in {all.Elapsed.TotalSeconds:N2} s");
            return CommandRunner.Ok;
        }

        /// <summary>The positional source or --source (both is fine when they agree); null when neither is given.</summary>
        private static ImportSource? SourceOf(string? argument, string? option)
        {
            ImportSource? source = null;
            foreach (var text in new[] { argument, option })
            {
                if (text is null) continue;
                if (!ImportSources.TryParse(text, out var parsed))
                    throw new TelemetryValidationException("source", text, "expected " + SourceNames);
                if (source is ImportSource earlier && earlier != parsed)
                    throw new TelemetryValidationException("source", text, $"the argument says {ImportSources.NameOf(earlier)}: give one source");
                source = parsed;
            }
            return source;
        }

        /// <summary>One source's --json object: the document of `import &lt;source&gt;`, and each entry of "sources".</summary>
        private static void WriteResult(Utf8JsonWriter w, ImportResult result)
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
            // Kept for the tools that read it; always 0 now: every whole line is imported at once, and a call a later
            // line enlarges is corrected then ("corrected").
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
        }

        private static void WriteHuman(ImportResult result)
        {
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
        }
    }
}
