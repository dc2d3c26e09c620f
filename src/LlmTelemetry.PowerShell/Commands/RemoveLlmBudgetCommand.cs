using System.Linq;
using System.Management.Automation;
using LlmTelemetry.Budgets;
using LlmTelemetry.Records;

namespace LlmTelemetry.Commands
{
    /// <summary>Remove-LlmBudget: removes a budget from the user config file by name.</summary>
    [Cmdlet(VerbsCommon.Remove, "LlmBudget", SupportsShouldProcess = true)]
    [OutputType(typeof(LlmBudget))]
    public sealed class RemoveLlmBudgetCommand : BudgetCommandBase
    {
        /// <summary>Writes the removed budget as it stood (its period's spend) to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>The budget to remove (Get-LlmBudget pipes it by property name).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        public string Name { get; set; } = "";

        protected override void ProcessRecord()
        {
            var store = OpenStore(Path);
            if (!ShouldProcess(store.Settings.ConfigFile, $"Remove budget '{Name}'")) return;
            var before = PassThru.IsPresent
                ? Guard(() => new BudgetMonitor(store).Statuses(), store.Settings.ConfigFile).FirstOrDefault(s => string.Equals(s.Budget.Name, Name, System.StringComparison.OrdinalIgnoreCase))
                : null;
            bool removed = Guard(() => BudgetConfig.Remove(store.Settings.ConfigFile, Name), store.Settings.ConfigFile);
            if (!removed) Report(new TelemetryValidationException("Name", Name, "is not a budget; Get-LlmBudget lists them"), Name);
            else if (before is not null) WriteObject(new LlmBudget(before));
        }
    }
}
