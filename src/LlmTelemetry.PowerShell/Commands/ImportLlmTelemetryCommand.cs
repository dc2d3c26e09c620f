using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using LlmTelemetry.Importers;
using LlmTelemetry.Internal;

namespace LlmTelemetry.Commands
{
    /// <summary>
    /// Import-LlmTelemetry: imports Claude Code or Codex CLI logs, or another store's JSONL, into the store through the
    /// core importer. Idempotent and incremental; -WhatIf reads and counts everything and writes nothing.
    /// </summary>
    [Cmdlet(VerbsData.Import, "LlmTelemetry", SupportsShouldProcess = true)]
    [OutputType(typeof(LlmImportResult))]
    public sealed class ImportLlmTelemetryCommand : LlmTelemetryCommand
    {
        /// <summary>ClaudeCode, Codex, GeminiCli or Jsonl; omitted, every tool whose logs are on this machine.</summary>
        [Parameter(Position = 0)]
        public ImportSource? Source { get; set; }

        /// <summary>A log file or folder instead of the source's default locations; required for Jsonl, and needs -Source.</summary>
        [Parameter(Position = 1)]
        public string? Path { get; set; }

        /// <summary>Read every log in full, ignoring what earlier imports already read (ids still prevent duplicates).</summary>
        [Parameter]
        public SwitchParameter IgnoreCheckpoints { get; set; }

        /// <summary>The store's root folder to import into; default: the configured store.</summary>
        [Parameter]
        public string? StorePath { get; set; }

        protected override void EndProcessing()
        {
            var store = OpenStore(StorePath);
            string? from = string.IsNullOrEmpty(Path) ? null : ResolvePath(Path!);
            string what = Source is ImportSource named
                ? $"Import {named} logs from {from ?? "their default locations"}"
                : "Import the logs of every tool found here (Claude Code, Codex, Gemini CLI) from their default locations";
            bool proceed = ShouldProcess(store.Root, what);
            // -WhatIf still runs the import as a dry run, so it can say how many records would be added.
            if (!proceed && !WhatIfRequested()) return;

            var progress = new ProgressReporter(this, "Import-LlmTelemetry", what);
            var options = new ImportOptions
            {
                Path = from,
                DryRun = !proceed,
                IgnoreCheckpoints = IgnoreCheckpoints.IsPresent,
                // Calls without a cost of their own are priced by the registry; unknown models stay unpriced.
                Pricer = Pricing,
                Progress = progress,
            };
            IReadOnlyList<ImportResult> results;
            IReadOnlyList<SourceNotFound> notFound = Array.Empty<SourceNotFound>();
            try
            {
                if (Source is ImportSource source)
                {
                    results = new[] { Guard(() => TelemetryImporter.Import(source, store, options, StopToken), from ?? source.ToString()) };
                }
                else
                {
                    // A -Path without -Source is refused by the core: InvalidPath, naming the path.
                    var all = Guard(() => TelemetryImporter.ImportAll(store, options, StopToken), from);
                    results = all.Sources;
                    notFound = all.NotFound;
                }
            }
            finally
            {
                progress.Complete();
            }

            foreach (var missing in notFound)
                WriteVerbose($"{missing.Source}: no logs found at {string.Join(", ", missing.Locations)}");
            foreach (var result in results) Write(result);
        }

        /// <summary>One source's result: its unreadable files as errors, its malformed lines as verbose text, then the summary.</summary>
        private void Write(ImportResult result)
        {
            foreach (var unreadable in result.UnreadableFiles)
                WriteError(ErrorRecords.Create($"{unreadable.Path}: {unreadable.Reason}", ErrorPrefix, "UnreadableFile", ErrorCategory.ReadError, unreadable.Path));
            foreach (var line in result.MalformedLines)
                WriteVerbose($"{line.File}:{line.Line}: {line.Problem}");
            if (result.Malformed > 0)
                WriteWarning($"{result.Source}: {result.Malformed} malformed line(s) were skipped; -Verbose lists the first {result.MalformedLines.Count}.");
            WriteObject(new LlmImportResult(result));
        }

        /// <summary>
        /// The importer reports from the importing thread; PowerShell's host accepts progress only from the pipeline
        /// thread, so reports from any other thread are dropped (the next one from the right thread shows the state).
        /// </summary>
        private sealed class ProgressReporter : IProgress<ImportProgress>
        {
            private readonly Cmdlet _cmdlet;
            private readonly ProgressRecord _record;
            private readonly int _thread = Thread.CurrentThread.ManagedThreadId;

            public ProgressReporter(Cmdlet cmdlet, string activity, string status)
            {
                _cmdlet = cmdlet;
                _record = new ProgressRecord(2, activity, status);
            }

            public void Report(ImportProgress value)
            {
                if (Thread.CurrentThread.ManagedThreadId != _thread) return;
                _record.StatusDescription = $"{value.Source}: {value.FilesDone:N0} of {value.FilesTotal:N0} files, {value.BytesDone / 1048576.0:N1} of {value.BytesTotal / 1048576.0:N1} MB";
                _record.PercentComplete = value.BytesTotal > 0 ? (int)Math.Min(100, value.BytesDone * 100 / value.BytesTotal) : -1;
                _cmdlet.WriteProgress(_record);
            }

            public void Complete()
            {
                if (Thread.CurrentThread.ManagedThreadId != _thread) return;
                _record.RecordType = ProgressRecordType.Completed;
                _cmdlet.WriteProgress(_record);
            }
        }
    }
}
