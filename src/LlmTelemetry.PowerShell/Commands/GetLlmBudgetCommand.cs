using System;
using System.Management.Automation;

namespace LlmTelemetry.Commands
{
    /// <summary>Get-LlmBudget: every budget's spend, what is left, percent used and the projection for its current period.</summary>
    [Cmdlet(VerbsCommon.Get, "LlmBudget")]
    [OutputType(typeof(LlmBudget))]
    public sealed class GetLlmBudgetCommand : BudgetCommandBase
    {
        /// <summary>Only budgets whose name matches (wildcards).</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string[]? Name { get; set; }

        protected override void EndProcessing()
        {
            var store = OpenStore(Path);
            var patterns = Name is null ? null : Array.ConvertAll(Name, n => new WildcardPattern(n, WildcardOptions.IgnoreCase));
            foreach (var status in StatusesWithAlerts(store))
                if (patterns is null || Array.Exists(patterns, p => p.IsMatch(status.Budget.Name)))
                    WriteObject(new LlmBudget(status));
        }
    }
}
