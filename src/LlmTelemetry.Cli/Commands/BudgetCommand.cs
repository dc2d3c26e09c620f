using System;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using LlmTelemetry.Budgets;
using LlmTelemetry.Cli.Output;
using LlmTelemetry.Records;
using Spectre.Console;

namespace LlmTelemetry.Cli.Commands
{
    /// <summary>`budget set|list|remove`: spending limits per local day, week or month, kept in the user config file.</summary>
    internal static class BudgetCommand
    {
        private static readonly Option<string?> Period = new("--period") { Description = "daily, weekly or monthly (local time; a week starts on Monday)" };
        private static readonly Option<string?> Amount = new("--amount") { Description = "The limit in US dollars" };
        private static readonly Option<string?> Project = new("--project") { Description = "Only this project's calls (wildcards)" };
        private static readonly Option<string?> Agent = new("--agent") { Description = "Only this agent's calls (wildcards)" };
        private static readonly Option<string?> Model = new("--model") { Description = "Only this model's calls (wildcards)" };
        private static readonly Option<string?> Provider = new("--provider") { Description = "Only this provider's calls (wildcards)" };
        private static readonly Option<string?> Source = new("--source") { Description = "Only calls recorded by this tool: claude-code, codex, gemini, cli, Invoke-LlmChat (metadata.source)" };
        private static readonly Option<bool> Enforce = new("--enforce") { Description = "chat refuses a call whose estimate would cross the budget" };
        private static readonly Option<string?> Name = new("--name") { Description = "The budget's name (default: from the period and scope, e.g. monthly-project-spacewalker); an existing name is replaced" };
        private static readonly Option<string?> Thresholds = new("--thresholds") { Description = "Percentages that warn once each per period, comma-separated (default 50,80,100)" };
        private static readonly Option<string?> Hook = new("--hook") { Description = "A command run with each alert as JSON on standard input (through /bin/sh -c or cmd /c)" };
        private static readonly Argument<string> RemoveName = new("name") { Description = "The budget to remove" };

        public static Command Create()
        {
            var command = new Command("budget", "Spending limits per day, week or month: warnings at 50/80/100%, optional enforcement");
            var set = new Command("set", "Add a budget, or replace the one with the same name");
            foreach (var o in new Option[] { Period, Amount, Project, Agent, Model, Provider, Source, Enforce, Name, Thresholds, Hook }) set.Options.Add(o);
            CommandRunner.SetAction(set, Set);
            var list = new Command("list", "Each budget's spend, what is left, percent used and the projection to the period's end");
            list.Options.Add(CliOptions.TimeZone);
            CommandRunner.SetAction(list, List);
            var remove = new Command("remove", "Remove a budget by name");
            remove.Arguments.Add(RemoveName);
            CommandRunner.SetAction(remove, Remove);
            command.Subcommands.Add(set);
            command.Subcommands.Add(list);
            command.Subcommands.Add(remove);
            return command;
        }

        private static int Set(ParseResult parse)
        {
            var periodText = parse.GetValue(Period) ?? throw new TelemetryValidationException("--period", null, "is required: daily, weekly or monthly");
            var period = Budget.ParsePeriod(periodText, "--period");
            var amountText = parse.GetValue(Amount) ?? throw new TelemetryValidationException("--amount", null, "is required: the limit in US dollars");
            if (!double.TryParse(amountText, NumberStyles.Float, CultureInfo.InvariantCulture, out double amount))
                throw new TelemetryValidationException("--amount", amountText, "expected a number of US dollars such as 200 or 19.50");
            var scope = BudgetScope.FromOptions(parse.GetValue(Project), parse.GetValue(Agent), parse.GetValue(Model), parse.GetValue(Provider), parse.GetValue(Source),
                kind => "--" + BudgetScope.Name(kind));
            var thresholds = parse.GetValue(Thresholds) is { } text ? ParseThresholds(text) : null;
            var budget = Budget.Create(period, amount, scope, parse.GetValue(Enforce), parse.GetValue(Name), thresholds, parse.GetValue(Hook));
            using var store = CliOptions.OpenStore(parse);
            var saved = BudgetConfig.Set(store.Settings.ConfigFile, budget);
            if (parse.GetValue(CliOptions.Json))
            {
                var status = new BudgetMonitor(store).Statuses().FirstOrDefault(s => BudgetConfigName(s, saved)) ?? throw new InvalidOperationException("the saved budget is missing");
                JsonOut.Write(w => WriteStatus(w, status));
            }
            else
            {
                Human.Note($"budget '{saved.Name}' saved: {Human.Usd(saved.AmountUsd)} {Budget.PeriodName(saved.Period)}, {saved.Scope}{(saved.Enforce ? ", enforced" : "")} ({store.Settings.ConfigFile})");
            }
            return CommandRunner.Ok;
        }

        private static bool BudgetConfigName(BudgetStatus status, Budget saved) => string.Equals(status.Budget.Name, saved.Name, StringComparison.OrdinalIgnoreCase);

        private static int[] ParseThresholds(string text)
        {
            var parts = text.Split(',');
            var values = new int[parts.Length];
            for (int i = 0; i < parts.Length; i++)
            {
                if (!int.TryParse(parts[i].Trim().TrimEnd('%'), NumberStyles.Integer, CultureInfo.InvariantCulture, out values[i]))
                    throw new TelemetryValidationException("--thresholds", text, "expected whole percentages separated by commas, such as 50,80,100");
            }
            return values;
        }

        private static int List(ParseResult parse)
        {
            bool json = parse.GetValue(CliOptions.Json);
            var zone = CliOptions.Zone(parse);
            using var store = CliOptions.OpenStore(parse);
            var monitor = new BudgetMonitor(store, zone);
            var statuses = monitor.Statuses();
            if (json)
            {
                JsonOut.Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteStartArray("budgets");
                    foreach (var s in statuses) WriteStatus(w, s);
                    w.WriteEndArray();
                    w.WriteEndObject();
                });
            }
            else if (statuses.Count == 0)
            {
                Human.Note("No budgets yet. Add one with `llm-telemetry budget set --period monthly --amount 200`.");
            }
            else
            {
                var table = Human.NewTable("Budgets", "Name", "Period", "Scope", "Amount", "Spent", "Left", "Used", "Projected", "Enforced");
                foreach (var s in statuses)
                {
                    table.AddRow(Human.E(s.Budget.Name), Budget.PeriodName(s.Budget.Period), Human.E(s.Budget.Scope.ToString()), Human.Usd(s.Budget.AmountUsd),
                        Human.Usd(s.SpentUsd), Human.Usd(s.LeftUsd), s.Percent.ToString("0.0", CultureInfo.InvariantCulture) + "%", Human.Usd(s.ProjectedUsd),
                        s.Budget.Enforce ? "yes" : "no");
                }
                Human.Console.Write(table);
            }
            monitor.CheckAlerts(line => Human.Error("warning: " + line), statuses);
            return CommandRunner.Ok;
        }

        private static int Remove(ParseResult parse)
        {
            string name = parse.GetValue(RemoveName)!;
            using var store = CliOptions.OpenStore(parse);
            if (!BudgetConfig.Remove(store.Settings.ConfigFile, name))
                throw new TelemetryValidationException("name", name, "no budget has this name; `llm-telemetry budget list` shows them");
            if (parse.GetValue(CliOptions.Json)) JsonOut.Write(w => { w.WriteStartObject(); w.WriteString("removed", name); w.WriteEndObject(); });
            else Human.Note($"budget '{name}' removed");
            return CommandRunner.Ok;
        }

        internal static void WriteStatus(System.Text.Json.Utf8JsonWriter w, BudgetStatus s)
        {
            w.WriteStartObject();
            w.WriteString("name", s.Budget.Name);
            w.WriteString("period", Budget.PeriodName(s.Budget.Period));
            w.WriteString("scope", s.Budget.Scope.ToString());
            w.WriteNumber("amount_usd", s.Budget.AmountUsd);
            w.WriteNumber("spent_usd", Math.Round(s.SpentUsd, 6));
            w.WriteNumber("left_usd", Math.Round(s.LeftUsd, 6));
            w.WriteNumber("percent", Math.Round(s.Percent, 2));
            w.WriteNumber("projected_usd", Math.Round(s.ProjectedUsd, 6));
            w.WriteBoolean("enforce", s.Budget.Enforce);
            w.WriteEndObject();
        }
    }
}
