using System.IO;
using System.Linq;
using System.Management.Automation;
using LlmTelemetry.Internal;
using LlmTelemetry.Pricing;

namespace LlmTelemetry.Commands
{
    /// <summary>
    /// Import-LlmModelPrice: merges LiteLLM's model_prices_and_context_window.json into the user's model override
    /// file (chat models only, only what is new or different). -WhatIf compares everything and writes nothing.
    /// </summary>
    [Cmdlet(VerbsData.Import, "LlmModelPrice", SupportsShouldProcess = true)]
    [OutputType(typeof(LlmModelPriceImportResult))]
    public sealed class ImportLlmModelPriceCommand : LlmTelemetryCommand
    {
        /// <summary>The LiteLLM file (a copy of model_prices_and_context_window.json).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = "";

        /// <summary>Ids listed with -Verbose; the counts are always complete.</summary>
        private const int ListedIds = 50;

        protected override void ProcessRecord()
        {
            string file = ResolvePath(Path);
            if (!File.Exists(file))
            {
                WriteError(ErrorRecords.Create($"{file} does not exist.", ErrorPrefix, "FileNotFound", ErrorCategory.ObjectNotFound, file));
                return;
            }
            var registry = Pricing.Registry;
            bool proceed = ShouldProcess(registry.OverridesPath ?? "(no override file)", $"Import models and prices from {file}");
            // -WhatIf still reads and compares the file, so it can say how many models would be added or changed.
            if (!proceed && !WhatIfRequested()) return;
            var result = Guard(() => new LiteLlmImporter(registry).Import(file, dryRun: !proceed), file);
            string verb = result.DryRun ? "would be " : "";
            if (result.AddedIds.Count > 0) WriteVerbose($"{verb}added: " + List(result.AddedIds.ToList()));
            if (result.ChangedIds.Count > 0) WriteVerbose($"{verb}changed: " + List(result.ChangedIds.ToList()));
            WriteObject(new LlmModelPriceImportResult(file, result));
        }

        private static string List(System.Collections.Generic.List<string> ids)
            => string.Join(", ", ids.Take(ListedIds)) + (ids.Count > ListedIds ? $" and {ids.Count - ListedIds} more" : "");
    }
}
