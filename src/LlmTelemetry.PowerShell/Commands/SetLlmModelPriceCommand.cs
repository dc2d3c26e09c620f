using System;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using LlmTelemetry.Completion;
using LlmTelemetry.Internal;
using LlmTelemetry.Pricing;
using LlmTelemetry.Records;
using CoreModel = LlmTelemetry.Pricing.ModelInfo;

namespace LlmTelemetry.Commands
{
    /// <summary>
    /// Set-LlmModelPrice: adds a price list to a model, or replaces the one with the same -EffectiveFrom, in the
    /// user's model override file; a model the registry does not know is added (it then needs -Provider).
    /// Missing cache rates are derived by the registry's rules (Anthropic: 1.25x/2x/0.1x of input).
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "LlmModelPrice", SupportsShouldProcess = true)]
    [OutputType(typeof(ModelInfo))]
    public sealed class SetLlmModelPriceCommand : LlmTelemetryCommand
    {
        /// <summary>Model id or alias; an unknown name adds a model with that id.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Id")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RegistryModelCompleter))]
        public string Model { get; set; } = "";

        /// <summary>USD per million input tokens.</summary>
        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0.0, double.MaxValue)]
        public double InputPerMillion { get; set; }

        /// <summary>USD per million output tokens.</summary>
        [Parameter(Mandatory = true, Position = 2, ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0.0, double.MaxValue)]
        public double OutputPerMillion { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0.0, double.MaxValue)]
        public double? CacheWrite5mPerMillion { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0.0, double.MaxValue)]
        public double? CacheWrite1hPerMillion { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0.0, double.MaxValue)]
        public double? CacheReadPerMillion { get; set; }

        /// <summary>From when the price applies (a date is UTC midnight); older calls keep the older price. Default: always.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public DateTime? EffectiveFrom { get; set; }

        /// <summary>The model's provider; required for a model the registry does not know.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Provider { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(1, int.MaxValue)]
        public int? ContextWindow { get; set; }

        /// <summary>Write the model as the registry now has it.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void ProcessRecord()
        {
            var registry = Pricing.Registry;
            var resolution = registry.Resolve(Model);
            var known = resolution.Model;
            if (known is not null && resolution.Explanation is { } why && !string.Equals(known.Id, Model.Trim(), StringComparison.OrdinalIgnoreCase))
                WriteVerbose(why);
            string? provider = string.IsNullOrWhiteSpace(Provider) ? known?.Provider : Provider!.Trim();
            if (string.IsNullOrEmpty(provider))
            {
                WriteError(ErrorRecords.Create($"'{Model}' is not in the registry; give -Provider to add it.", ErrorPrefix, "ProviderRequired", ErrorCategory.InvalidArgument, Model));
                return;
            }

            // The core's rule for a DateTime without a zone (UTC), as for Write-LlmTelemetry -Timestamp.
            DateTimeOffset? from = EffectiveFrom is DateTime d ? Guard(() => IsoTimestamp.FromDateTime(d, "EffectiveFrom"), d) : (DateTimeOffset?)null;
            var price = ModelPrice.Create(InputPerMillion, OutputPerMillion, CacheWrite5mPerMillion, CacheWrite1hPerMillion, CacheReadPerMillion,
                from, anthropicCacheRules: string.Equals(provider, "anthropic", StringComparison.OrdinalIgnoreCase));
            string id = known?.Id ?? Model.Trim();
            string when = from is { } f ? "from " + f.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC" : "always";
            string action = known is null
                ? $"Add model ({provider}) priced {Rate(InputPerMillion)} in / {Rate(OutputPerMillion)} out per million tokens, {when}, in {registry.OverridesPath}"
                : $"Set price {Rate(InputPerMillion)} in / {Rate(OutputPerMillion)} out per million tokens, {when}, in {registry.OverridesPath}";
            if (!ShouldProcess(id, action)) return;

            var replaced = known?.Prices.FirstOrDefault(p => p.EffectiveFrom == from);
            if (replaced is { Tiers.Count: > 0 })
                WriteWarning($"The long-context rates of {id}'s replaced price (above {replaced.Tiers.Min(t => t.AbovePromptTokens):N0} prompt tokens) are not kept; long prompts are billed at the new rates.");

            CoreModel saved = Guard(() =>
            {
                if (known is null)
                    return registry.SetModel(new CoreModel { Id = id, Provider = provider!, ContextWindow = ContextWindow, Prices = new[] { price } });
                var updated = registry.SetPrice(id, price);
                bool more = (Provider is not null && !string.Equals(updated.Provider, provider, StringComparison.Ordinal)) || (ContextWindow is int c && c != updated.ContextWindow);
                return more ? registry.SetModel(updated with { Provider = provider!, ContextWindow = ContextWindow ?? updated.ContextWindow }) : updated;
            }, id);
            if (PassThru) WriteObject(new ModelInfo(saved, DateTimeOffset.UtcNow));
        }

        private static string Rate(double v) => "$" + v.ToString("0.#####", CultureInfo.InvariantCulture);
    }
}
