using System;
using System.Collections.Generic;
using System.Management.Automation;
using LlmTelemetry.Completion;
using LlmTelemetry.Internal;
using LlmTelemetry.Pricing;

namespace LlmTelemetry.Commands
{
    /// <summary>
    /// Get-LlmModel: the models the registry knows (built-ins and the user's overrides) with the price in force now.
    /// An exact name resolves like pricing does (alias, provider prefix, date suffix); a wildcard matches ids and aliases.
    /// The matching, the order and the "could be" list are the core's (<see cref="ModelRegistry.List"/>), shared with `registry list`.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "LlmModel")]
    [OutputType(typeof(LlmModel))]
    public sealed class GetLlmModelCommand : LlmTelemetryCommand
    {
        /// <summary>Model ids or aliases; wildcards match ids and aliases. Default: every model.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        // Not "Id": telemetry records have an Id (theirs) as well as a Model, and binding must take the Model.
        [Alias("Model")]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(RegistryModelCompleter))]
        public string[]? Name { get; set; }

        /// <summary>Only models of these providers (anthropic, openai, …).</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? Provider { get; set; }

        private readonly HashSet<string> _written = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        protected override void ProcessRecord()
        {
            // A piped record without a model (a session_start event) names none; only no input at all means every model.
            if ((Name is null || Name.Length == 0) && MyInvocation.ExpectingInput) return;
            var list = Pricing.Registry.List(new ModelListRequest { Names = Name ?? Array.Empty<string>(), Providers = Provider ?? Array.Empty<string>() });
            foreach (var resolved in list.Resolved) WriteVerbose(resolved.Explanation);
            foreach (var missing in list.NotFound)
                WriteError(ErrorRecords.Create($"No model '{missing.Requested}' in the registry.{missing.DidYouMean} Calls to it are recorded without a cost; add it with Set-LlmModelPrice.",
                    ErrorPrefix, "NotFound", ErrorCategory.ObjectNotFound, missing.Requested));
            var now = DateTimeOffset.UtcNow;
            // Several names (or piped records) naming one model write it once.
            foreach (var model in list.Models)
                if (_written.Add(model.Id)) WriteObject(new LlmModel(model, now));
        }
    }
}
