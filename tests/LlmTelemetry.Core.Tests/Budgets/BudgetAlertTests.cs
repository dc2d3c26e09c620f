using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using LlmTelemetry.Budgets;
using LlmTelemetry.Configuration;
using LlmTelemetry.Queries;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Tests.Budgets
{
    /// <summary>Alerts fire once per budget, threshold and period, whichever process sees the crossing first.</summary>
    public sealed class BudgetAlertTests
    {
        private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

        private static BudgetStatus StatusAt(TempStore t, Budget budget, double spent, DateTimeOffset now)
            => BudgetEvaluator.Status(budget, BudgetPeriods.Current(budget.Period, now, TimeZoneInfo.Utc), spent, 0, now, Budget.DefaultThresholds);

        private static string StateFile(TempStore t) => BudgetAlerts.StateFileFor(t.Options.ConfigFile!);

        [Fact]
        public void Each_threshold_fires_once_and_a_jump_past_several_fires_each()
        {
            using var t = new TempStore(Now);
            var budget = new Budget { Name = "monthly", Period = BudgetPeriod.Monthly, AmountUsd = 200 };

            var first = BudgetAlerts.Check(new[] { StatusAt(t, budget, 170, Now) }, StateFile(t), Now);
            var again = BudgetAlerts.Check(new[] { StatusAt(t, budget, 180, Now) }, StateFile(t), Now);
            var over = BudgetAlerts.Check(new[] { StatusAt(t, budget, 201, Now) }, StateFile(t), Now);

            Assert.Equal(new[] { 50, 80 }, first.Select(a => a.Threshold));
            Assert.Empty(again);
            Assert.Equal(new[] { 100 }, over.Select(a => a.Threshold));
            Assert.Contains("budget 'monthly' (monthly, all) passed 100%: $201.00 of $200.00 spent this month", over[0].Message);
        }

        [Fact]
        public void A_new_period_or_a_changed_amount_re_arms_the_thresholds()
        {
            using var t = new TempStore(Now);
            var budget = new Budget { Name = "daily", Period = BudgetPeriod.Daily, AmountUsd = 10 };
            Assert.Single(BudgetAlerts.Check(new[] { StatusAt(t, budget, 6, Now) }, StateFile(t), Now));

            var tomorrow = Now.AddDays(1);
            Assert.Single(BudgetAlerts.Check(new[] { StatusAt(t, budget, 6, tomorrow) }, StateFile(t), tomorrow));
            var raised = budget with { AmountUsd = 11 };
            Assert.Single(BudgetAlerts.Check(new[] { StatusAt(t, raised, 6, tomorrow) }, StateFile(t), tomorrow));
            Assert.Empty(BudgetAlerts.Check(new[] { StatusAt(t, raised, 6, tomorrow) }, StateFile(t), tomorrow));
        }

        [Fact]
        public void A_damaged_alert_state_is_an_error_naming_the_file()
        {
            using var t = new TempStore(Now);
            Directory.CreateDirectory(Path.GetDirectoryName(StateFile(t))!);
            File.WriteAllText(StateFile(t), "{not json");
            var budget = new Budget { Name = "daily", Period = BudgetPeriod.Daily, AmountUsd = 10 };
            var ex = Assert.Throws<LlmTelemetry.Records.TelemetryException>(() => BudgetAlerts.Check(new[] { StatusAt(t, budget, 6, Now) }, StateFile(t), Now));
            Assert.Contains(BudgetAlerts.StateFileName, ex.Message);
            Assert.Contains("delete it", ex.Message);
        }

        [Fact]
        public void The_hook_gets_the_alert_as_json_on_stdin_and_a_failing_hook_is_a_warning()
        {
            if (OperatingSystem.IsWindows()) return;
            using var t = new TempStore();
            var output = Path.Combine(t.Root, "hook-out.jsonl");
            var budget = new Budget { Name = "b", Period = BudgetPeriod.Daily, AmountUsd = 1 };
            var alert = new BudgetAlert(StatusAt(t, budget, 0.6, Now), 50);

            Assert.Null(BudgetHook.Run("cat >> '" + output + "'", alert.ToJson() + "\n"));
            var problem = BudgetHook.Run("echo nope >&2; exit 3", alert.ToJson());

            using var doc = JsonDocument.Parse(File.ReadAllText(output));
            Assert.Equal("b", doc.RootElement.GetProperty("budget").GetString());
            Assert.Equal(50, doc.RootElement.GetProperty("threshold").GetInt32());
            Assert.Equal(0.6, doc.RootElement.GetProperty("spent_usd").GetDouble(), 9);
            Assert.Equal("budget hook 'echo nope >&2; exit 3' failed with exit code 3: nope", problem);
        }

        [Fact]
        public void Each_alert_fires_once_per_threshold_and_period_across_four_processes_at_once()
        {
            if (OperatingSystem.IsWindows()) return;
            using var t = new TempStore();
            var hookOut = Path.Combine(t.Root, "hook-out.jsonl");
            BudgetConfig.Set(t.Options.ConfigFile!, new Budget
            {
                Name = "monthly-project-spacewalker",
                Period = BudgetPeriod.Monthly,
                Scope = BudgetScope.Project("spacewalker"),
                AmountUsd = 10,
                Hook = "cat >> '" + hookOut + "'",
            });
            var dll = RepoPaths.StoreWriterDll;
            Assert.True(File.Exists(dll), "helper not built: " + dll);

            // Four calls of $3 push the spend to 3, 6, 9, 12 of $10: past 50%, 80% and 100%.
            var processes = Enumerable.Range(0, 4).Select(_ =>
            {
                var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                foreach (var a in new[] { dll, "budget", t.StoreRoot, t.Options.ConfigFile!, "3" }) psi.ArgumentList.Add(a);
                return Process.Start(psi)!;
            }).ToList();
            var stderr = processes.Select(p => p.StandardError.ReadToEndAsync()).ToArray();
            foreach (var p in processes)
            {
                p.StandardOutput.ReadToEnd();
                p.WaitForExit();
                Assert.Equal(0, p.ExitCode);
            }

            var warnings = stderr.SelectMany(s => s.Result.Split('\n')).Where(l => l.StartsWith("warning: ", StringComparison.Ordinal)).ToList();
            Assert.Equal(3, warnings.Count);
            Assert.Equal(new[] { "100%", "50%", "80%" }, warnings.Select(w => w.Split(" passed ")[1].Split(':')[0]).OrderBy(x => x, StringComparer.Ordinal));
            var hooked = File.ReadAllLines(hookOut).Where(l => l.Trim().Length > 0).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("threshold").GetInt32()).OrderBy(x => x);
            Assert.Equal(new[] { 50, 80, 100 }, hooked);
        }

        [Fact]
        public void Budgets_set_at_once_all_land_and_a_name_set_again_replaces_it()
        {
            using var t = new TempStore();
            var file = t.Options.ConfigFile!;
            UserConfigUpdate.Apply(file, new UserConfig { RetentionDays = 9 });
            Parallel.For(0, 8, i => BudgetConfig.Set(file, new Budget { Name = "b" + i, Period = BudgetPeriod.Daily, AmountUsd = i + 1 }));
            BudgetConfig.Set(file, new Budget { Name = "B3", Period = BudgetPeriod.Weekly, AmountUsd = 42, Enforce = true, Thresholds = new[] { 90, 10, 90 } });

            var budgets = BudgetConfig.Load(file);
            Assert.Equal(8, budgets.Count);
            var b3 = Assert.Single(budgets, b => b.Name == "B3");
            Assert.Equal((BudgetPeriod.Weekly, 42.0, true), (b3.Period, b3.AmountUsd, b3.Enforce));
            Assert.Equal(new[] { 10, 90 }, b3.Thresholds);
            Assert.Equal(9, UserConfig.Load(file).RetentionDays);
            Assert.True(BudgetConfig.Remove(file, "b0"));
            Assert.False(BudgetConfig.Remove(file, "b0"));
            Assert.Equal(7, BudgetConfig.Load(file).Count);
            Assert.Contains("\"scope\": \"all\"", File.ReadAllText(file));
        }
    }
}
