using System;
using System.IO;
using System.Management.Automation;
using LlmTelemetry.Exporters;
using LlmTelemetry.Internal;

namespace LlmTelemetry.Commands
{
    /// <summary>Export-LlmTelemetry: streams the matching records to a CSV, JSON or JSON Lines file, with progress.</summary>
    [Cmdlet(VerbsData.Export, "LlmTelemetry", SupportsShouldProcess = true)]
    [OutputType(typeof(LlmExportResult))]
    public sealed class ExportLlmTelemetryCommand : RecordQueryCommand
    {
        /// <summary>The file to write (replaced when it exists, unless -NoClobber).</summary>
        [Parameter(Mandatory = true, Position = 0)]
        public string Path { get; set; } = "";

        /// <summary>The store's root folder; default: the configured store.</summary>
        [Parameter]
        public string? StorePath { get; set; }

        internal override string? StoreRoot => StorePath;

        /// <summary>Csv (one flat column per field), Json (one array) or Jsonl (the store's own format).</summary>
        [Parameter]
        public ExportFormat Format { get; set; } = ExportFormat.Csv;

        /// <summary>Do not replace an existing file.</summary>
        [Parameter]
        public SwitchParameter NoClobber { get; set; }

        /// <summary>Write an LlmExportResult (path, format, records, bytes).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndProcessing()
        {
            var query = BuildQuery();
            string file = ResolvePath(Path);
            if (NoClobber && File.Exists(file))
                ThrowTerminatingError(ErrorRecords.Create($"{file} exists and -NoClobber was given.", ErrorPrefix, "FileExists", ErrorCategory.ResourceExists, file));
            var store = OpenStore(StoreRoot);
            if (!ShouldProcess(file, $"Export telemetry from {store.Root} as {Format}")) return;
            WarnListing(store, query);

            var progress = new ProgressRecord(1, "Export-LlmTelemetry", "Exporting to " + file);
            var records = UntilStopped(store.Query(query));
            long count;
            try
            {
                // The core writes a new private file and renames it over the target only when complete: a stopped or
                // failed export leaves no half-written file that looks complete, and an existing file as it was.
                count = WriteOutputFile(() => RecordExporter.WriteFile(records, file, Format, "Path", n =>
                {
                    progress.StatusDescription = $"{n:N0} records written";
                    WriteProgress(progress);
                }), store.Root);
            }
            finally
            {
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
            }
            if (PassThru) WriteObject(new LlmExportResult(file, Format.ToString(), count, new FileInfo(file).Length));
        }
    }
}
