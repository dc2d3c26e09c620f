using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Cli.Tests
{
    /// <summary>`budget set|list|remove`, its alerts from `record` in several processes at once, and `chat --max-cost`.</summary>
    public sealed class CliBudgetTests
    {
        [Fact]
        public void Budget_set_list_and_remove_round_trip_with_the_documented_json()
        {
            using var sandbox = new CliSandbox();
            sandbox.Run("budget", "set", "--period", "monthly", "--amount", "200", "--project", "spacewalker", "--dir", sandbox.Store).Ok();
            sandbox.Run("budget", "set", "--period", "daily", "--amount", "20", "--enforce", "--dir", sandbox.Store).Ok();
            sandbox.Run("record", "--model", "claude-sonnet-4-5", "--input-tokens", "10", "--output-tokens", "5", "--cost-usd", "5", "--project", "spacewalker", "--dir", sandbox.Store).Ok();

            var list = sandbox.Run("budget", "list", "--json", "--dir", sandbox.Store).Ok();
            var budgets = list.Json.GetProperty("budgets").EnumerateArray().ToList();

            Assert.Equal(2, budgets.Count);
            var monthly = budgets[0];
            Assert.Equal(new[] { "name", "period", "scope", "amount_usd", "spent_usd", "left_usd", "percent", "projected_usd", "enforce" },
                monthly.EnumerateObject().Select(p => p.Name));
            Assert.Equal("monthly-project-spacewalker", monthly.GetProperty("name").GetString());
            Assert.Equal("project:spacewalker", monthly.GetProperty("scope").GetString());
            Assert.Equal(5, monthly.GetProperty("spent_usd").GetDouble(), 6);
            Assert.Equal(195, monthly.GetProperty("left_usd").GetDouble(), 6);
            Assert.Equal(2.5, monthly.GetProperty("percent").GetDouble(), 6);
            Assert.True(budgets[1].GetProperty("enforce").GetBoolean());
            Assert.Equal("daily", budgets[1].GetProperty("name").GetString());
            // 5 of 200 and of 20 pass no threshold: nothing to warn of.
            Assert.DoesNotContain("warning:", list.Stderr);

            sandbox.Run("budget", "remove", "daily", "--dir", sandbox.Store).Ok();
            var after = sandbox.Run("budget", "list", "--json", "--dir", sandbox.Store).Ok().Json.GetProperty("budgets");
            Assert.Equal("monthly-project-spacewalker", after.EnumerateArray().Single().GetProperty("name").GetString());
        }

        [Theory]
        [InlineData("--period", new[] { "set", "--period", "yearly", "--amount", "5" })]
        [InlineData("--amount", new[] { "set", "--period", "daily", "--amount", "-3" })]
        [InlineData("--amount", new[] { "set", "--period", "daily", "--amount", "lots" })]
        [InlineData("--amount", new[] { "set", "--period", "daily" })]
        [InlineData("--agent", new[] { "set", "--period", "daily", "--amount", "5", "--project", "a", "--agent", "b" })]
        [InlineData("--thresholds", new[] { "set", "--period", "daily", "--amount", "5", "--thresholds", "50,0" })]
        [InlineData("name", new[] { "remove", "no-such-budget" })]
        public void Bad_budget_arguments_exit_2_naming_the_option(string option, string[] args)
        {
            using var sandbox = new CliSandbox();
            var result = sandbox.Run(new[] { "budget" }.Concat(args).Concat(new[] { "--dir", sandbox.Store }).ToArray());
            Assert.Equal(2, result.ExitCode);
            Assert.StartsWith("error: invalid " + option + ":", result.Stderr.Trim());
        }

        [Fact]
        public async Task Each_alert_fires_once_per_threshold_across_four_record_processes_at_once()
        {
            if (OperatingSystem.IsWindows()) return;
            using var sandbox = new CliSandbox();
            var hookOut = Path.Combine(sandbox.Root, "alerts.jsonl");
            sandbox.Run("budget", "set", "--period", "monthly", "--amount", "10", "--project", "spacewalker", "--hook", "cat >> '" + hookOut + "'", "--dir", sandbox.Store).Ok();

            // $3 each: 3, 6, 9, 12 of $10, past 50%, 80% and 100% whatever order the four finish in.
            var runs = Enumerable.Range(0, 4).Select(_ => Task.Run(() => sandbox.Run("record", "--model", "claude-sonnet-4-5", "--input-tokens", "10",
                "--output-tokens", "5", "--cost-usd", "3", "--project", "spacewalker", "--dir", sandbox.Store).Ok())).ToArray();
            var results = await Task.WhenAll(runs);

            var warnings = results.SelectMany(r => r.Stderr.Split('\n')).Where(l => l.StartsWith("warning: budget", StringComparison.Ordinal)).ToList();
            Assert.Equal(3, warnings.Count);
            var fired = File.ReadAllLines(hookOut).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("threshold").GetInt32()).OrderBy(t => t);
            Assert.Equal(new[] { 50, 80, 100 }, fired);
            // Listing afterwards finds nothing new to say.
            Assert.DoesNotContain("warning:", sandbox.Run("budget", "list", "--dir", sandbox.Store).Ok().Stderr);
        }

        [Fact]
        public void Chat_with_a_max_cost_below_its_estimate_is_refused_before_anything_is_sent()
        {
            using var sandbox = new CliSandbox();
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int port = ((IPEndPoint)listener.LocalEndpoint).Port;
            try
            {
                var result = sandbox.Run("chat", "Say hello", "--base-url", $"http://127.0.0.1:{port}/v1/", "--model", "gpt-4o-mini", "--max-tokens", "1000",
                    "--max-cost", "0.0000001", "--dir", sandbox.Store);

                Assert.Equal(1, result.ExitCode);
                Assert.Contains("call refused", result.Stderr);
                Assert.Contains("per-call limit", result.Stderr);
                Assert.False(listener.Pending(), "the server was called");
                var events = sandbox.Run("events", "--json", "--event-type", "*", "--dir", sandbox.Store).Ok().Json.GetProperty("events").EnumerateArray().ToList();
                Assert.Equal("budget_refused", Assert.Single(events).GetProperty("event_type").GetString());
            }
            finally
            {
                listener.Stop();
            }
        }
    }
}
