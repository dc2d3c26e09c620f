using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using LlmTelemetry.Records;

namespace LlmTelemetry.Budgets
{
    /// <summary>
    /// A spending limit: an amount in USD per local day, week or month, over everything or one scope. Stored in the
    /// user's config file ("budgets"); <see cref="BudgetConfig"/> reads and writes it. An enforced budget makes the chat
    /// client refuse a call whose estimate would cross it.
    /// </summary>
    public sealed record Budget
    {
        /// <summary>The most a budget may be: a typo like 2e12 would otherwise never warn.</summary>
        public const double MaxAmountUsd = 1_000_000_000;

        /// <summary>The warning thresholds when neither the budget nor the config's "budget_thresholds" names any.</summary>
        public static readonly IReadOnlyList<int> DefaultThresholds = new[] { 50, 80, 100 };

        /// <summary>Letters, digits, '.', '_', '-' and ':' (1 to 100): the name is a key in the alert state and a CLI argument.</summary>
        [JsonPropertyName("name")] public string Name { get; init; } = "";

        [JsonPropertyName("period")]
        [JsonConverter(typeof(BudgetPeriodJsonConverter))]
        public BudgetPeriod Period { get; init; }

        [JsonPropertyName("scope")]
        [JsonConverter(typeof(BudgetScopeJsonConverter))]
        public BudgetScope Scope { get; init; } = BudgetScope.All;

        [JsonPropertyName("amount_usd")] public double AmountUsd { get; init; }

        /// <summary>Refuse a chat call whose estimate would take the period's spend past <see cref="AmountUsd"/>.</summary>
        [JsonPropertyName("enforce")] public bool Enforce { get; init; }

        /// <summary>Percentages of the amount that warn once each per period; null: the config's "budget_thresholds", else 50, 80, 100.</summary>
        [JsonPropertyName("thresholds")] public IReadOnlyList<int>? Thresholds { get; init; }

        /// <summary>A command run with each alert as JSON on stdin; null: the config's "budget_hook", else none.</summary>
        [JsonPropertyName("hook")] public string? Hook { get; init; }

        /// <summary>
        /// The budget a front end's parameters describe, checked: the name defaults to <see cref="DefaultName"/>,
        /// thresholds are sorted without repeats. Errors name the field (amount, name, thresholds, hook).
        /// </summary>
        public static Budget Create(BudgetPeriod period, double amountUsd, BudgetScope? scope = null, bool enforce = false, string? name = null,
            IEnumerable<int>? thresholds = null, string? hook = null)
        {
            var s = scope ?? BudgetScope.All;
            return new Budget
            {
                Name = name is null ? DefaultName(period, s) : name.Trim(),
                Period = period,
                Scope = s,
                AmountUsd = amountUsd,
                Enforce = enforce,
                Thresholds = thresholds is null ? null : CheckThresholds(thresholds, "thresholds"),
                Hook = hook,
            }.Validate();
        }

        /// <summary>"monthly", "daily-project-spacewalker": what a budget is called when no name is given.</summary>
        public static string DefaultName(BudgetPeriod period, BudgetScope scope)
        {
            if (scope is null) throw new ArgumentNullException(nameof(scope));
            string name = PeriodName(period);
            if (scope.Kind == BudgetScopeKind.All) return name;
            var value = Regex.Replace(scope.Value!, "[^A-Za-z0-9._-]+", "-").Trim('-');
            return name + "-" + BudgetScope.Name(scope.Kind) + (value.Length == 0 ? "" : "-" + value);
        }

        /// <summary>"daily", "weekly", "monthly".</summary>
        public static string PeriodName(BudgetPeriod period) => period.ToString().ToLowerInvariant();

        /// <summary>daily, weekly or monthly (any case); anything else is an error naming <paramref name="field"/>.</summary>
        public static BudgetPeriod ParsePeriod(string text, string field = "period")
        {
            switch ((text ?? "").Trim().ToLowerInvariant())
            {
                case "daily": case "day": return BudgetPeriod.Daily;
                case "weekly": case "week": return BudgetPeriod.Weekly;
                case "monthly": case "month": return BudgetPeriod.Monthly;
                default: throw new TelemetryValidationException(field, text, "expected daily, weekly or monthly");
            }
        }

        /// <summary>Throws <see cref="TelemetryValidationException"/> naming the field: a name, a period, an amount finite, above 0 and at most <see cref="MaxAmountUsd"/>, thresholds 1 to 1000.</summary>
        public Budget Validate()
        {
            if (Name is null || !NamePattern.IsMatch(Name))
                throw new TelemetryValidationException("name", Name, "must be 1 to 100 letters, digits, '.', '_', '-' or ':'");
            if (!Enum.IsDefined(typeof(BudgetPeriod), Period))
                throw new TelemetryValidationException("period", Period.ToString(), "expected daily, weekly or monthly");
            if (Scope is null) throw new TelemetryValidationException("scope", null, "is missing");
            string amount = AmountUsd.ToString("R", CultureInfo.InvariantCulture);
            if (double.IsNaN(AmountUsd) || double.IsInfinity(AmountUsd) || AmountUsd <= 0)
                throw new TelemetryValidationException("amount", amount, "must be a finite number of US dollars above 0");
            if (AmountUsd > MaxAmountUsd)
                throw new TelemetryValidationException("amount", amount, $"must be at most {MaxAmountUsd.ToString("N0", CultureInfo.InvariantCulture)} US dollars");
            if (Thresholds is not null) CheckThresholds(Thresholds, "thresholds");
            if (Hook is not null && Hook.Trim().Length == 0) throw new TelemetryValidationException("hook", Hook, "is empty; leave it out for no hook");
            return this;
        }

        /// <summary>Percentages from 1 to 1000, at least one; returned sorted without repeats.</summary>
        public static IReadOnlyList<int> CheckThresholds(IEnumerable<int> thresholds, string field)
        {
            if (thresholds is null) throw new ArgumentNullException(nameof(thresholds));
            var list = thresholds.ToList();
            if (list.Count == 0) throw new TelemetryValidationException(field, "", "name at least one percentage");
            foreach (var t in list)
                if (t < 1 || t > 1000) throw new TelemetryValidationException(field, t.ToString(CultureInfo.InvariantCulture), "must be percentages from 1 to 1000");
            return list.Distinct().OrderBy(t => t).ToArray();
        }

        private static readonly Regex NamePattern = new Regex("^[A-Za-z0-9._:-]{1,100}$", RegexOptions.CultureInvariant);
    }
}
