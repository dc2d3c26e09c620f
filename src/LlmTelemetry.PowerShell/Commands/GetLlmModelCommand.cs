using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using LlmTelemetry.Completion;
using LlmTelemetry.Internal;
using CoreModel = LlmTelemetry.Pricing.ModelInfo;

namespace LlmTelemetry.Commands
{
    /// <summary>
    /// Get-LlmModel: the models the registry knows (built-ins and the user's overrides) with the price in force now.
    /// An exact name resolves like pricing does (alias, provider prefix, date suffix); a wildcard matches ids and aliases.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "LlmModel")]
    [OutputType(typeof(ModelInfo))]
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
            var registry = Pricing.Registry;
            var now = DateTimeOffset.UtcNow;
            var providers = Provider?.Select(p => new WildcardPattern(p, WildcardOptions.IgnoreCase)).ToList();
            bool OfProvider(CoreModel m) => providers is null || providers.Any(p => p.IsMatch(m.Provider));

            if (Name is null || Name.Length == 0)
            {
                // A piped record without a model (a session_start event) names none; only no input at all means every model.
                if (MyInvocation.ExpectingInput) return;
                foreach (var model in Sorted(registry.Models.Where(OfProvider))) Write(model, now);
                return;
            }
            foreach (var name in Name)
            {
                if (string.IsNullOrWhiteSpace(name)) continue;
                if (WildcardPattern.ContainsWildcardCharacters(name))
                {
                    var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                    foreach (var model in Sorted(registry.Models.Where(m => OfProvider(m) && (pattern.IsMatch(m.Id) || m.Aliases.Any(pattern.IsMatch)))))
                        Write(model, now);
                    continue;
                }
                var resolution = registry.Resolve(name);
                if (resolution.Model is not { } found)
                {
                    string more = resolution.Candidates.Count > 0 ? " It could be: " + string.Join(", ", resolution.Candidates) + "." : "";
                    WriteError(ErrorRecords.Create($"No model '{name}' in the registry.{more} Calls to it are recorded without a cost; add it with Set-LlmModelPrice.",
                        ErrorPrefix, "NotFound", ErrorCategory.ObjectNotFound, name));
                    continue;
                }
                if (resolution.Explanation is { } why && !string.Equals(found.Id, name.Trim(), StringComparison.OrdinalIgnoreCase)) WriteVerbose(why);
                if (OfProvider(found)) Write(found, now);
            }
        }

        private static IEnumerable<CoreModel> Sorted(IEnumerable<CoreModel> models)
            => models.OrderBy(m => m.Provider, StringComparer.OrdinalIgnoreCase).ThenBy(m => m.Id, StringComparer.OrdinalIgnoreCase);

        private void Write(CoreModel model, DateTimeOffset now)
        {
            // Several names (or piped records) naming one model write it once.
            if (_written.Add(model.Id)) WriteObject(new ModelInfo(model, now));
        }
    }
}
