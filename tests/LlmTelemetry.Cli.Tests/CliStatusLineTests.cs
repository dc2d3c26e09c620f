using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Cli.Tests
{
    /// <summary>`statusline` as Claude Code runs it: the hook's JSON piped in, the line on stdout.</summary>
    public sealed class CliStatusLineTests
    {
        private static string HookJson(string sessionId, string transcript) => JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["hook_event_name"] = "Status",
            ["session_id"] = sessionId,
            ["transcript_path"] = transcript,
            ["cwd"] = "/home/dev/spacewalker",
            ["model"] = new Dictionary<string, string> { ["id"] = "claude-sonnet-4-5", ["display_name"] = "Sonnet" },
            ["workspace"] = new Dictionary<string, string> { ["current_dir"] = "/home/dev/spacewalker", ["project_dir"] = "/home/dev/spacewalker" },
            ["version"] = "2.1.233",
            ["cost"] = new Dictionary<string, double> { ["total_cost_usd"] = 0.5, ["total_duration_ms"] = 1000 },
        });

        [Fact]
        public void The_hooks_transcript_is_imported_first_so_the_line_counts_the_call_that_just_finished()
        {
            using var sandbox = new CliSandbox();
            var project = Path.Combine(sandbox.Root, "claude", "projects", "-home-dev-spacewalker");
            Directory.CreateDirectory(project);
            var transcript = Path.Combine(project, "sess-live.jsonl");
            var now = DateTimeOffset.UtcNow;
            // claude-sonnet-4-5 at $3 in and $15 out per million: 1,000 in + 10,000 out is $0.153.
            File.WriteAllText(transcript, ClaudeCodeLines.Assistant("sess-live", now.AddSeconds(-30), "msg_a", "req_a", input: 1000, output: 10000));
            var hook = HookJson("sess-live", transcript);

            var first = sandbox.RunWithInput(hook, new[] { "statusline", "--dir", sandbox.Store, "--timezone", "UTC", "--json" }).Ok().Json;
            Assert.Equal("sess-live", first.GetProperty("session_id").GetString());
            Assert.Equal(1, first.GetProperty("session_calls").GetInt64());
            Assert.Equal(11000, first.GetProperty("session_tokens").GetInt64());
            Assert.Equal(1, first.GetProperty("imported").GetProperty("added").GetInt64());
            // The active block, as `blocks --active --json` gives it.
            var block = first.GetProperty("block");
            Assert.True(block.GetProperty("active").GetBoolean());
            var blocks = sandbox.Run("blocks", "--active", "--dir", sandbox.Store, "--json").Ok().Json.GetProperty("blocks");
            Assert.Equal(blocks[0].GetProperty("start").GetString(), block.GetProperty("start").GetString());
            Assert.Equal(blocks[0].GetProperty("total_tokens").GetInt64(), block.GetProperty("total_tokens").GetInt64());

            // The session goes on: one more call, worth $0.90 more, pushes it over $1 into yellow.
            File.AppendAllText(transcript, ClaudeCodeLines.Assistant("sess-live", now.AddSeconds(-1), "msg_b", "req_b", input: 0, output: 60000));
            var plain = sandbox.RunWithInput(hook, new[] { "statusline", "--dir", sandbox.Store, "--timezone", "UTC" }).Ok();
            Assert.StartsWith("Tokens: 71,000 | Cost: $1.05 | Session: $1.05 | Block: $1.05, ", plain.Stdout);
            Assert.EndsWith("m left\n", plain.Stdout);

            // Colours unless NO_COLOR (the sandbox sets it): yellow from $1.
            var painted = sandbox.RunWithInput(hook, new[] { "statusline", "--dir", sandbox.Store, "--timezone", "UTC" },
                new Dictionary<string, string> { ["NO_COLOR"] = "" }).Ok();
            Assert.StartsWith("\u001b[33mTokens: 71,000 | Cost: $1.05 | Session: $1.05 | Block: $1.05, ", painted.Stdout);
            Assert.EndsWith("m left\u001b[0m\n", painted.Stdout);

            // The same numbers as `costs` for that session and day.
            var costs = sandbox.Run("costs", "--days", "1", "--session", "sess-live", "--timezone", "UTC", "--dir", sandbox.Store, "--json").Ok().Json;
            Assert.Equal(71000, costs.GetProperty("totals").GetProperty("total_tokens").GetInt64());
            Assert.Equal(1.053, costs.GetProperty("totals").GetProperty("cost_usd").GetDouble(), 9);
        }

        [Fact]
        public void LLM_SESSION_ID_wins_and_a_transcript_not_yet_written_is_no_error()
        {
            using var sandbox = new CliSandbox();
            sandbox.Run("record", "--model", "gpt-4o-mini", "--input-tokens", "10", "--output-tokens", "2", "--cost-usd", "6", "--session", "mine", "--dir", sandbox.Store).Ok();
            var hook = HookJson("theirs", Path.Combine(sandbox.Root, "not-yet.jsonl"));
            var result = sandbox.RunWithInput(hook, new[] { "statusline", "--dir", sandbox.Store, "--json" },
                new Dictionary<string, string> { ["LLM_SESSION_ID"] = "mine" }).Ok().Json;
            Assert.Equal("mine", result.GetProperty("session_id").GetString());
            Assert.Equal("red", result.GetProperty("level").GetString());
            Assert.Equal(JsonValueKind.Null, result.GetProperty("imported").ValueKind);
        }

        [Fact]
        public void A_budget_shows_in_the_line_colours_it_and_its_alert_is_printed_once()
        {
            using var sandbox = new CliSandbox();
            sandbox.Run("budget", "set", "--period", "daily", "--amount", "10", "--name", "day-cap", "--dir", sandbox.Store).Ok();
            // $0.85 of $10 this session: green by cost, but 85% of the budget is past 80%.
            sandbox.Run("record", "--model", "gpt-4o-mini", "--input-tokens", "10", "--output-tokens", "2", "--cost-usd", "8.5", "--session", "s-b", "--dir", sandbox.Store).Ok();
            var first = sandbox.RunWithInput("", new[] { "statusline", "--session", "s-b", "--dir", sandbox.Store, "--red-at", "50", "--yellow-at", "20" }).Ok();
            var lines = first.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.EndsWith(" | Budget day-cap: 85% of $10.00", lines[0]);
            // `record` already announced 50% and 80% on stderr; the line announces nothing twice.
            Assert.Single(lines);
            var json = sandbox.RunWithInput("", new[] { "statusline", "--session", "s-b", "--dir", sandbox.Store, "--red-at", "50", "--yellow-at", "20", "--json" }).Ok().Json;
            Assert.Equal("yellow", json.GetProperty("level").GetString());
            Assert.Equal("day-cap", json.GetProperty("budgets")[0].GetProperty("name").GetString());
            Assert.Equal(0, json.GetProperty("alerts").GetArrayLength());

            // The session's transcript brings a call the status line imports itself: $1.80 more crosses 100%, told once.
            var transcript = Path.Combine(sandbox.Root, "s-b.jsonl");
            File.WriteAllText(transcript, ClaudeCodeLines.Assistant("s-b", DateTimeOffset.UtcNow.AddSeconds(-5), "msg_x", "req_x", input: 0, output: 120000));
            var hook = HookJson("s-b", transcript);
            var crossing = sandbox.RunWithInput(hook, new[] { "statusline", "--dir", sandbox.Store }).Ok();
            var crossed = crossing.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, crossed.Length);
            Assert.StartsWith("⚠ budget 'day-cap'", crossed[1]);
            Assert.Contains("100%", crossed[1]);
            var again = sandbox.RunWithInput(hook, new[] { "statusline", "--dir", sandbox.Store }).Ok();
            Assert.Single(again.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }

        /// <summary>
        /// A damaged budget alert state (edited, or a folder in its place) must not take the status line with it: the
        /// line is printed as ever, and the problem is a line of its own under it, in --json among the alerts.
        /// </summary>
        [Fact]
        public void A_damaged_alert_state_is_a_line_under_the_status_not_its_end()
        {
            using var sandbox = new CliSandbox();
            sandbox.Run("budget", "set", "--period", "daily", "--amount", "10", "--name", "day-cap", "--dir", sandbox.Store).Ok();
            sandbox.Run("record", "--model", "gpt-4o-mini", "--input-tokens", "10", "--output-tokens", "2", "--cost-usd", "8.5", "--session", "s-d", "--dir", sandbox.Store).Ok();
            var state = Path.Combine(sandbox.Root, "config", "budget-alerts.json");
            Assert.True(File.Exists(state), "record wrote no alert state at " + state);
            File.WriteAllText(state, "garbage{");

            var shown = sandbox.RunWithInput("", new[] { "statusline", "--session", "s-d", "--no-color", "--dir", sandbox.Store }).Ok();
            var lines = shown.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, lines.Length);
            Assert.EndsWith(" | Budget day-cap: 85% of $10.00", lines[0]);
            Assert.Contains("budget alerts were not checked", lines[1]);
            Assert.Contains(state, lines[1]);
            var json = sandbox.RunWithInput("", new[] { "statusline", "--session", "s-d", "--json", "--dir", sandbox.Store }).Ok().Json;
            Assert.Contains("budget alerts were not checked", json.GetProperty("alerts")[0].GetString());
            Assert.Equal("garbage{", File.ReadAllText(state));
        }

        [Fact]
        public void Bad_hook_input_and_bad_thresholds_are_errors_naming_them()
        {
            using var sandbox = new CliSandbox();
            var wrong = sandbox.RunWithInput("{\"session_id\": 7}", new[] { "statusline", "--dir", sandbox.Store });
            Assert.Equal(2, wrong.ExitCode);
            Assert.Contains("stdin.session_id", wrong.Stderr);
            var notJson = sandbox.RunWithInput("not json", new[] { "statusline", "--dir", sandbox.Store });
            Assert.Equal(2, notJson.ExitCode);
            Assert.Contains("stdin", notJson.Stderr);
            var order = sandbox.RunWithInput("", new[] { "statusline", "--dir", sandbox.Store, "--yellow-at", "5", "--red-at", "1" });
            Assert.Equal(2, order.ExitCode);
            Assert.Contains("--red-at", order.Stderr);
        }
    }
}
