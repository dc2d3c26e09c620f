using System;
using System.IO;
using System.Management.Automation;
using LlmTelemetry.Exporters;
using LlmTelemetry.Internal;

namespace LlmTelemetry.Commands
{
    /// <summary>Export-LlmTelemetry: streams the matching records to a CSV, JSON or JSON Lines file, with progress.</summary>
    [Cmdlet(VerbsData.Export, "LlmTelemetry", SupportsShouldProcess = true)]
    [OutputType(typeof(ExportResult))]
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

        /// <summary>Write an ExportResult (path, format, records, bytes).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndProcessing()
        {
            var (range, filter, _) = BuildQuery();
            string file = ResolvePath(Path);
            if (NoClobber && File.Exists(file))
                ThrowTerminatingError(ErrorRecords.Create($"{file} exists and -NoClobber was given.", ErrorPrefix, "FileExists", ErrorCategory.ResourceExists, file));
            var store = OpenStore(StoreRoot);
            if (!ShouldProcess(file, $"Export telemetry from {store.Root} as {Format}")) return;

            var progress = new ProgressRecord(1, "Export-LlmTelemetry", "Exporting to " + file);
            var records = UntilStopped(store.Query(range is null ? filter : range.Apply(filter), null, false, StopToken));
            long count = 0;
            bool done = false;
            try
            {
                using (var output = new FileStream(file, FileMode.Create, FileAccess.Write, FileShare.Read, 64 * 1024))
                {
                    count = Guard(() => RecordExporter.Write(records, output, Format, n =>
                    {
                        progress.StatusDescription = $"{n:N0} records written";
                        WriteProgress(progress);
                    }), file);
                }
                done = true;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, ErrorPrefix, file));
            }
            finally
            {
                progress.RecordType = ProgressRecordType.Completed;
                WriteProgress(progress);
                // A stopped or failed export leaves no half-written file that looks complete.
                if (!done) TryDelete(file);
            }
            if (PassThru) WriteObject(new ExportResult(file, Format.ToString(), count, new FileInfo(file).Length));
        }

        private static void TryDelete(string file)
        {
            try { File.Delete(file); }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException) { /* the error already reported matters more */ }
        }
    }
}
