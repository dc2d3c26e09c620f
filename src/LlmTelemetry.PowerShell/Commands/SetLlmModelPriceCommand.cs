using System;
using System.Management.Automation;
using LlmTelemetry.Completion;
using LlmTelemetry.Pricing;
using LlmTelemetry.Records;

namespace LlmTelemetry.Commands
{
    /// <summary>
    /// Set-LlmModelPrice: adds a price list to a model, or replaces the one with the same -EffectiveFrom, in the
    /// user's model override file; a model the registry does not know is added (it then needs -Provider).
    /// Missing cache rates are derived by the registry's rules (Claude models, whoever serves them: 1.25x/2x/0.1x of input).
    /// What the change means is decided by the core (<see cref="ModelRegistry.PlanPrice"/>); this binds, asks and writes.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "LlmModelPrice", SupportsShouldProcess = true)]
    [OutputType(typeof(LlmModel))]
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
            // The core's rule for a DateTime without a zone (UTC), as for Write-LlmTelemetry -Timestamp.
            DateTimeOffset? from = EffectiveFrom is DateTime d ? Guard(() => IsoTimestamp.FromDateTime(d, "EffectiveFrom"), d) : (DateTimeOffset?)null;
            var request = new ModelPriceRequest
            {
                Model = Model, InputPerMillion = InputPerMillion, OutputPerMillion = OutputPerMillion,
                CacheWrite5mPerMillion = CacheWrite5mPerMillion, CacheWrite1hPerMillion = CacheWrite1hPerMillion, CacheReadPerMillion = CacheReadPerMillion,
                EffectiveFrom = from, Provider = Provider, ContextWindow = ContextWindow,
            };
            ModelPricePlan plan;
            try
            {
                plan = registry.PlanPrice(request);
            }
            catch (TelemetryValidationException ex)
            {
                // One bad row of a piped price sheet is reported and the next row still set.
                Report(ex, Model);
                return;
            }
            if (plan.Resolution is { } why) WriteVerbose(why);
            if (!ShouldProcess(plan.Id, plan.Description)) return;

            var change = Guard(() => registry.SavePrice(plan), plan.Id);
            foreach (var warning in change.Warnings) WriteWarning(warning);
            if (PassThru) WriteObject(new LlmModel(change.Model, DateTimeOffset.UtcNow));
        }
    }
}
