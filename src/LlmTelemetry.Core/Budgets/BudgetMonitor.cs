using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using LlmTelemetry.Configuration;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Budgets
{
    /// <summary>
    /// The budgets of one store's user config, as front ends use them: statuses (Get-LlmBudget, `budget list`, the
    /// status line), alerts after a call or an import (each new one a warning, and the hook run), and the enforcement
    /// the chat client asks before it sends (<see cref="LlmTelemetry.Providers.LlmClientOptions.Budgets"/>). The config
    /// is read on every use, so a budget set in another window applies to the next call.
    /// </summary>
    public sealed class BudgetMonitor
    {
        private readonly TelemetryStore _store;

        /// <param name="zone">The zone days, weeks and months are counted in; default this machine's.</param>
        public BudgetMonitor(TelemetryStore store, TimeZoneInfo? zone = null)
        {
            _store = store ?? throw new ArgumentNullException(nameof(store));
            Zone = zone ?? TimeZoneInfo.Local;
        }

        public TimeZoneInfo Zone { get; }

        /// <summary>The config file the budgets are read from: the store's (LLM_TELEMETRY_CONFIG_DIR, else the user's).</summary>
        public string ConfigFile => _store.Settings.ConfigFile;

        /// <summary>Now, for the periods; tests move it.</summary>
        internal Func<DateTimeOffset> Clock { get; init; } = () => DateTimeOffset.UtcNow;

        /// <summary>Every budget's status in its current period, in config order.</summary>
        public IReadOnlyList<BudgetStatus> Statuses(CancellationToken cancellation = default)
        {
            var config = UserConfig.Load(ConfigFile);
            var budgets = BudgetConfig.Checked(config, ConfigFile);
            if (budgets.Count == 0) return Array.Empty<BudgetStatus>();
            return BudgetEvaluator.Evaluate(_store, budgets, Clock(), Zone, config, cancellation);
        }

        /// <summary>
        /// Finds the thresholds crossed for the first time (in any process), tells <paramref name="warn"/> of each, and
        /// runs each one's hook; a failing hook is a warning too. Returns the new alerts.
        /// </summary>
        /// <param name="statuses">Statuses already computed (a listing); null computes them.</param>
        public IReadOnlyList<BudgetAlert> CheckAlerts(Action<string> warn, IReadOnlyList<BudgetStatus>? statuses = null)
        {
            if (warn is null) throw new ArgumentNullException(nameof(warn));
            var current = statuses ?? Statuses();
            if (current.Count == 0) return Array.Empty<BudgetAlert>();
            var alerts = BudgetAlerts.Check(current, BudgetAlerts.StateFileFor(ConfigFile), Clock());
            foreach (var alert in alerts)
            {
                warn(alert.Message);
                if (alert.Status.Hook is string hook && BudgetHook.Run(hook, alert.ToJson() + "\n") is string problem) warn(problem);
            }
            return alerts;
        }

        /// <summary>
        /// <see cref="CheckAlerts"/> after something else succeeded (a call, an import): a config or alert-state problem
        /// becomes a warning that says the alerts were not checked, instead of failing what already happened.
        /// </summary>
        public IReadOnlyList<BudgetAlert> CheckAlertsAfter(Action<string> warn) => CheckAlertsAfter(warn, null);

        /// <summary>As <see cref="CheckAlertsAfter(Action{string})"/>, for statuses already computed (a status line's).</summary>
        public IReadOnlyList<BudgetAlert> CheckAlertsAfter(Action<string> warn, IReadOnlyList<BudgetStatus>? statuses)
        {
            if (warn is null) throw new ArgumentNullException(nameof(warn));
            try
            {
                return CheckAlerts(warn, statuses);
            }
            catch (Exception ex) when (ex is TelemetryException || ex is System.IO.IOException || ex is UnauthorizedAccessException)
            {
                warn("budget alerts were not checked: " + ex.Message);
                return Array.Empty<BudgetAlert>();
            }
        }

        /// <summary>
        /// Throws <see cref="BudgetExceededException"/> when an enforced budget covering this call would be crossed by
        /// <paramref name="estimateUsd"/> (spent + estimate &gt; amount), the first such budget in config order.
        /// </summary>
        internal void Enforce(string? project, string? agent, string model, string? provider, string? source, double estimateUsd, string estimateText)
        {
            var config = UserConfig.Load(ConfigFile);
            var enforced = BudgetConfig.Checked(config, ConfigFile).Where(b => b.Enforce && b.Scope.Covers(project, agent, model, provider, source)).ToList();
            if (enforced.Count == 0) return;
            foreach (var status in BudgetEvaluator.Evaluate(_store, enforced, Clock(), Zone, config))
            {
                if (status.SpentUsd + estimateUsd > status.Budget.AmountUsd)
                    throw BudgetExceededException.ForBudget(status, estimateUsd, estimateText);
            }
        }
    }
}
