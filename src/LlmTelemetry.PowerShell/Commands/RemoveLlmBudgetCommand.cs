using System.Management.Automation;
using LlmTelemetry.Budgets;
using LlmTelemetry.Records;

namespace LlmTelemetry.Commands
{
    /// <summary>Remove-LlmBudget: removes a budget from the user config file by name.</summary>
    [Cmdlet(VerbsCommon.Remove, "LlmBudget", SupportsShouldProcess = true)]
    public sealed class RemoveLlmBudgetCommand : BudgetCommandBase
    {
        /// <summary>The budget to remove (Get-LlmBudget pipes it by property name).</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        public string Name { get; set; } = "";

        protected override void ProcessRecord()
        {
            var store = OpenStore(Path);
            if (!ShouldProcess(store.Settings.ConfigFile, $"Remove budget '{Name}'")) return;
            bool removed = Guard(() => BudgetConfig.Remove(store.Settings.ConfigFile, Name), store.Settings.ConfigFile);
            if (!removed) Report(new TelemetryValidationException("Name", Name, "is not a budget; Get-LlmBudget lists them"), Name);
        }
    }
}
