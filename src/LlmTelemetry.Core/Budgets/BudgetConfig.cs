using System;
using System.Collections.Generic;
using System.Linq;
using LlmTelemetry.Configuration;
using LlmTelemetry.Records;

namespace LlmTelemetry.Budgets
{
    /// <summary>
    /// The budgets in the user's config file ("budgets", plus the defaults "budget_thresholds" and "budget_hook").
    /// Every change is a read-modify-write under the config file's lock, saved atomically, so changes made at once by
    /// several processes all land and a reader never sees half a file.
    /// </summary>
    public static class BudgetConfig
    {
        /// <summary>The budgets in <paramref name="configFile"/>, each checked (a hand-edited bad one is an error naming it).</summary>
        public static IReadOnlyList<Budget> Load(string configFile)
        {
            var config = UserConfig.Load(configFile);
            return Checked(config, configFile);
        }

        /// <summary>Adds <paramref name="budget"/>, or replaces the budget of the same name (names compare case-insensitively). Returns it as saved.</summary>
        public static Budget Set(string configFile, Budget budget)
        {
            if (budget is null) throw new ArgumentNullException(nameof(budget));
            var saved = budget.Validate() with { Thresholds = budget.Thresholds is null ? null : Budget.CheckThresholds(budget.Thresholds, "thresholds") };
            using (UserConfig.LockFor(configFile).Acquire())
            {
                var config = UserConfig.Load(configFile);
                var list = (config.Budgets ?? Array.Empty<Budget>()).Where(b => !SameName(b.Name, saved.Name)).ToList();
                list.Add(saved);
                (config with { Budgets = list }).Save(configFile);
            }
            return saved;
        }

        /// <summary>Removes the budget named <paramref name="name"/>; false when there is none.</summary>
        public static bool Remove(string configFile, string name)
        {
            if (name is null) throw new ArgumentNullException(nameof(name));
            using (UserConfig.LockFor(configFile).Acquire())
            {
                var config = UserConfig.Load(configFile);
                var list = (config.Budgets ?? Array.Empty<Budget>()).ToList();
                int removed = list.RemoveAll(b => SameName(b.Name, name.Trim()));
                if (removed == 0) return false;
                (config with { Budgets = list.Count == 0 ? null : list }).Save(configFile);
                return true;
            }
        }

        /// <summary>The thresholds a budget warns at: its own, else the config's, else <see cref="Budget.DefaultThresholds"/>.</summary>
        public static IReadOnlyList<int> ThresholdsOf(Budget budget, UserConfig config)
            => budget.Thresholds ?? config.BudgetThresholds ?? Budget.DefaultThresholds;

        /// <summary>The hook a budget runs: its own, else the config's, else none.</summary>
        public static string? HookOf(Budget budget, UserConfig config) => budget.Hook ?? config.BudgetHook;

        internal static bool SameName(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

        internal static IReadOnlyList<Budget> Checked(UserConfig config, string configFile)
        {
            try
            {
                if (config.BudgetThresholds is not null) Budget.CheckThresholds(config.BudgetThresholds, "budget_thresholds");
                var list = config.Budgets ?? Array.Empty<Budget>();
                foreach (var b in list)
                {
                    if (b is null) throw new TelemetryValidationException("budgets", "null", "holds an empty entry");
                    b.Validate();
                }
                return list.ToList();
            }
            catch (TelemetryValidationException ex)
            {
                throw new TelemetryException(TelemetryErrorCode.ConfigurationError, $"{configFile}: a budget is not valid: {ex.Message}", configFile, TelemetryOperation.Read, ex);
            }
        }
    }
}
