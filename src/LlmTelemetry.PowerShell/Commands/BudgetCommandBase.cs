using System;
using System.Collections.Generic;
using System.Management.Automation;
using LlmTelemetry.Budgets;

namespace LlmTelemetry.Commands
{
    /// <summary>What the budget cmdlets share: the store (whose config file holds the budgets), statuses and alerts.</summary>
    public abstract class BudgetCommandBase : LlmTelemetryCommand
    {
        /// <summary>The store's root folder; default: the configured store. Budgets live in the user config file.</summary>
        [Parameter]
        public string? Path { get; set; }

        /// <summary>Every budget's status, with each newly crossed threshold written as a warning (hooks run).</summary>
        internal IReadOnlyList<BudgetStatus> StatusesWithAlerts(Storage.TelemetryStore store)
        {
            var monitor = new BudgetMonitor(store);
            var statuses = Guard(() => monitor.Statuses(), store.Settings.ConfigFile);
            Guard(() => monitor.CheckAlerts(WriteWarning, statuses), store.Settings.ConfigFile);
            return statuses;
        }
    }
}
