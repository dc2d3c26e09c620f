using System;
using System.Linq;
using System.Management.Automation;
using LlmTelemetry.Budgets;

namespace LlmTelemetry.Commands
{
    /// <summary>Set-LlmBudget: adds a daily, weekly or monthly budget to the user config file, or replaces the one with its name.</summary>
    [Cmdlet(VerbsCommon.Set, "LlmBudget", SupportsShouldProcess = true, DefaultParameterSetName = "Monthly")]
    [OutputType(typeof(LlmBudget))]
    public sealed class SetLlmBudgetCommand : BudgetCommandBase
    {
        /// <summary>The limit in USD per local day.</summary>
        [Parameter(Mandatory = true, ParameterSetName = "Daily")]
        public double Daily { get; set; }

        /// <summary>The limit in USD per ISO week (from Monday, local time).</summary>
        [Parameter(Mandatory = true, ParameterSetName = "Weekly")]
        public double Weekly { get; set; }

        /// <summary>The limit in USD per calendar month (local time).</summary>
        [Parameter(Mandatory = true, ParameterSetName = "Monthly")]
        public double Monthly { get; set; }

        [Parameter] public string? Project { get; set; }
        [Parameter] public string? Agent { get; set; }
        [Parameter] public string? Model { get; set; }
        [Parameter] public string? Provider { get; set; }

        /// <summary>Only calls recorded by this tool: claude-code, codex, gemini, cli, Invoke-LlmChat (metadata.source).</summary>
        [Parameter] public string? Source { get; set; }

        /// <summary>Invoke-LlmChat refuses a call whose estimate would cross the budget.</summary>
        [Parameter] public SwitchParameter Enforce { get; set; }

        /// <summary>The budget's name; default from the period and scope (monthly-project-spacewalker).</summary>
        [Parameter] public string? Name { get; set; }

        /// <summary>Percentages that warn once each per period; default 50, 80, 100.</summary>
        [Parameter] public int[]? Thresholds { get; set; }

        /// <summary>A command run with each alert as JSON on standard input.</summary>
        [Parameter] public string? Hook { get; set; }

        protected override void EndProcessing()
        {
            var (period, amount) = ParameterSetName switch
            {
                "Daily" => (BudgetPeriod.Daily, Daily),
                "Weekly" => (BudgetPeriod.Weekly, Weekly),
                _ => (BudgetPeriod.Monthly, Monthly),
            };
            var budget = Guard(() => Budget.Create(period, amount,
                BudgetScope.FromOptions(Project, Agent, Model, Provider, Source, kind => char.ToUpperInvariant(BudgetScope.Name(kind)[0]) + BudgetScope.Name(kind).Substring(1)),
                Enforce.IsPresent, Name, Thresholds, Hook), null);
            var store = OpenStore(Path);
            if (!ShouldProcess(store.Settings.ConfigFile, $"Set budget '{budget.Name}' ({Budget.PeriodName(period)}, {budget.Scope}, ${amount:N2})")) return;
            var saved = Guard(() => BudgetConfig.Set(store.Settings.ConfigFile, budget), store.Settings.ConfigFile);
            var status = StatusesWithAlerts(store).FirstOrDefault(s => string.Equals(s.Budget.Name, saved.Name, StringComparison.OrdinalIgnoreCase));
            if (status is not null) WriteObject(new LlmBudget(status));
        }
    }
}
