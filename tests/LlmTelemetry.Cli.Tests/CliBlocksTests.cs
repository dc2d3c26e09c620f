using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using LlmTelemetry.Tests.Importers;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Cli.Tests
{
    /// <summary>
    /// `blocks --json` against ccusage 20.0.24's `blocks --offline --json` on the same Claude Code logs: the shared
    /// fixtures and generated trees, the first in the past, the last with calls minutes ago (an active block).
    /// </summary>
    public sealed class CliBlocksTests
    {
        private static string Ccusage
        {
            get
            {
                var path = Path.Combine(RepoPaths.Root, "tests", "peer", "node_modules", ".bin", "ccusage");
                if (!File.Exists(path))
                    throw new Xunit.Sdk.XunitException($"ccusage 20.0.24 is not installed at {path}: run `npm ci` in {Path.Combine(RepoPaths.Root, "tests", "peer")} (.ci/run does)");
                return path;
            }
        }

        /// <summary>Fixtures whose calls ccusage's blocks and daily reports count alike.</summary>
        private static readonly string[] PlainFixtures =
        {
            "ccusage-synthetic-costUSD.jsonl", "margin-session-basic-v2.1.233.jsonl", "spotter-short.jsonl", "spotter-sidechain-agent-a881341.jsonl",
        };

        /// <summary>Fixtures with subagent calls reported only inside the parent's progress lines.</summary>
        private static readonly string[] ProgressFixtures = { "spotter-subagent-progress.jsonl", "spotter-ae4a77f8-opus-haiku-progress.jsonl" };

        private static string ClaudeDir(CliSandbox sandbox, IEnumerable<string> fixtures)
        {
            var claude = Path.Combine(sandbox.Root, "claude");
            var project = Path.Combine(claude, "projects", "p");
            Directory.CreateDirectory(project);
            foreach (var f in fixtures) File.Copy(Path.Combine(RepoPaths.Fixtures, "claude-code", f), Path.Combine(project, f));
            return claude;
        }

        private static JsonElement[] Ours(CliSandbox sandbox, string claude, params string[] extra)
        {
            sandbox.Run("import", "claude-code", "--path", claude, "--dir", sandbox.Store, "--json").Ok();
            var json = sandbox.Run(new[] { "blocks", "--dir", sandbox.Store, "--json" }.Concat(extra).ToArray()).Ok().Json;
            return json.GetProperty("blocks").EnumerateArray().ToArray();
        }

        private static JsonElement Theirs(CliSandbox sandbox, string claude, params string[] args)
        {
            var env = new Dictionary<string, string> { ["CLAUDE_CONFIG_DIR"] = claude, ["HOME"] = sandbox.Root, ["TZ"] = "UTC" };
            return sandbox.RunExecutable(Ccusage, args.Concat(new[] { "--offline", "--json" }), env).Ok().Json;
        }

        private static JsonElement[] TheirBlocks(CliSandbox sandbox, string claude, params string[] extra)
            => Theirs(sandbox, claude, new[] { "blocks" }.Concat(extra).ToArray()).GetProperty("blocks").EnumerateArray()
                .Where(b => !b.GetProperty("isGap").GetBoolean()).ToArray();

        private static void Near(double expected, double actual, double relative, string what)
            => Assert.True(Math.Abs(expected - actual) <= relative * Math.Max(Math.Abs(expected), 1e-12), $"{what}: {actual} is not {expected} (relative {relative})");

        /// <summary>
        /// When Claude Code's own "&lt;synthetic&gt;" messages were written (no API call: no usage, no cost). ccusage counts
        /// each as an entry of its block (and leaves its model out of the block's models); the importer stores no call
        /// for them. The generator writes them right after a call, so they never start or bridge a block (in a real log
        /// one could: that is the one way our blocks could then differ from ccusage's).
        /// </summary>
        private static List<DateTimeOffset> SyntheticMessages(string claude)
        {
            // A resumed session repeats earlier lines: ccusage counts a message once.
            var seen = new HashSet<string>(StringComparer.Ordinal);
            var times = new List<DateTimeOffset>();
            foreach (var file in Directory.GetFiles(claude, "*.jsonl", SearchOption.AllDirectories))
                foreach (var line in File.ReadLines(file))
                {
                    if (!line.Contains("\"model\":\"<synthetic>\"", StringComparison.Ordinal)) continue;
                    using var doc = JsonDocument.Parse(line);
                    if (!seen.Add(doc.RootElement.GetProperty("message").GetProperty("id").GetString()!)) continue;
                    times.Add(DateTimeOffset.Parse(doc.RootElement.GetProperty("timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
                }
            return times;
        }

        private static void SameBlocks(JsonElement[] theirs, JsonElement[] ours, IReadOnlyList<DateTimeOffset>? synthetic = null)
        {
            Assert.Equal(theirs.Select(b => b.GetProperty("startTime").GetString()), ours.Select(b => b.GetProperty("start").GetString()));
            for (int i = 0; i < theirs.Length; i++)
            {
                var t = theirs[i];
                var o = ours[i];
                string at = o.GetProperty("start").GetString()!;
                var counts = t.GetProperty("tokenCounts");
                Assert.Equal(t.GetProperty("endTime").GetString(), o.GetProperty("end").GetString());
                Assert.Equal(t.GetProperty("isActive").GetBoolean(), o.GetProperty("active").GetBoolean());
                var start = DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture);
                var end = DateTimeOffset.Parse(o.GetProperty("end").GetString()!, System.Globalization.CultureInfo.InvariantCulture);
                long notCalls = synthetic?.Count(m => m >= start && m < end) ?? 0;
                Assert.True(t.GetProperty("entries").GetInt64() - notCalls == o.GetProperty("calls").GetInt64(),
                    $"{at}: ccusage's {t.GetProperty("entries").GetInt64()} entries, {notCalls} of them synthetic messages, are not our {o.GetProperty("calls").GetInt64()} calls");
                Assert.Equal(counts.GetProperty("inputTokens").GetInt64(), o.GetProperty("input_tokens").GetInt64());
                Assert.Equal(counts.GetProperty("outputTokens").GetInt64(), o.GetProperty("output_tokens").GetInt64());
                Assert.Equal(counts.GetProperty("cacheCreationInputTokens").GetInt64(), o.GetProperty("cache_creation_input_tokens").GetInt64());
                Assert.Equal(counts.GetProperty("cacheReadInputTokens").GetInt64(), o.GetProperty("cache_read_input_tokens").GetInt64());
                Assert.Equal(t.GetProperty("totalTokens").GetInt64(), o.GetProperty("total_tokens").GetInt64());
                // Measured: the sums differ in the last bit or two (another order of adding); 1e-12 leaves room for that alone.
                Near(t.GetProperty("costUSD").GetDouble(), o.GetProperty("cost_usd").GetDouble(), 1e-12, at + " cost");
                Assert.Equal(t.GetProperty("models").EnumerateArray().Select(m => m.GetString()), o.GetProperty("models").EnumerateArray().Select(m => m.GetString()));
            }
        }

        [Fact]
        public void Blocks_equal_ccusages_on_the_shared_claude_code_fixtures()
        {
            using var sandbox = new CliSandbox();
            var claude = ClaudeDir(sandbox, PlainFixtures);
            var ours = Ours(sandbox, claude);
            var theirs = TheirBlocks(sandbox, claude);
            Assert.Equal(5, theirs.Length);
            SameBlocks(theirs, ours);
            Assert.All(ours, b => Assert.Equal(JsonValueKind.Null, b.GetProperty("burn_rate").ValueKind));
        }

        [Theory]
        [InlineData("spotter-subagent-progress.jsonl")]
        [InlineData("spotter-ae4a77f8-opus-haiku-progress.jsonl")]
        public void A_subagent_call_seen_only_in_progress_lines_counts_in_its_block_as_ccusages_daily_report_counts_it(string fixture)
        {
            // ccusage 20.0.24's blocks leaves these calls out while its daily report (and expected-totals.json) counts
            // them: the block holds what the day does, and starts and ends where ccusage's does.
            using var sandbox = new CliSandbox();
            var claude = ClaudeDir(sandbox, new[] { fixture });
            var ours = Assert.Single(Ours(sandbox, claude));
            var theirs = Assert.Single(TheirBlocks(sandbox, claude));
            Assert.Equal(theirs.GetProperty("startTime").GetString(), ours.GetProperty("start").GetString());
            Assert.Equal(theirs.GetProperty("endTime").GetString(), ours.GetProperty("end").GetString());
            var daily = Theirs(sandbox, claude, "daily").GetProperty("daily").EnumerateArray().ToArray();
            Assert.Equal(daily.Sum(d => d.GetProperty("totalTokens").GetInt64()), ours.GetProperty("total_tokens").GetInt64());
            Assert.Equal(daily.Sum(d => d.GetProperty("inputTokens").GetInt64()), ours.GetProperty("input_tokens").GetInt64());
            Assert.Equal(daily.Sum(d => d.GetProperty("cacheReadTokens").GetInt64()), ours.GetProperty("cache_read_input_tokens").GetInt64());
            Near(daily.Sum(d => d.GetProperty("totalCost").GetDouble()), ours.GetProperty("cost_usd").GetDouble(), 1e-12, "cost");
            Assert.True(ours.GetProperty("total_tokens").GetInt64() > theirs.GetProperty("totalTokens").GetInt64());
        }

        [Theory]
        [InlineData(21)]
        [InlineData(22)]
        public void Blocks_equal_ccusages_on_a_generated_tree_where_both_rules_start_blocks(int seed)
        {
            using var sandbox = new CliSandbox();
            var claude = Path.Combine(sandbox.Root, "claude");
            // Sessions an hour apart from 08:00 (the one at 13:00 is more than 5 hours after its block's start) on
            // consecutive days (the night is a silence longer than a block).
            new ClaudeCodeTreeGenerator(seed).Generate(claude, projects: 3, sessionsPerProject: 7, turnsPerSession: 5);
            var ours = Ours(sandbox, claude);
            var theirs = TheirBlocks(sandbox, claude);
            Assert.Equal(6, theirs.Length);
            SameBlocks(theirs, ours, SyntheticMessages(claude));
        }

        [Fact]
        public void The_active_block_burn_rate_projection_and_token_limit_equal_ccusages()
        {
            using var sandbox = new CliSandbox();
            var claude = Path.Combine(sandbox.Root, "claude");
            // Yesterday's project, then today's sessions 150, 90 and 30 minutes ago: today's block is active.
            var first = DateTimeOffset.UtcNow.AddDays(-1).AddMinutes(-150);
            new ClaudeCodeTreeGenerator(31).Generate(claude, projects: 2, sessionsPerProject: 3, turnsPerSession: 4, firstSession: first);
            var ours = Ours(sandbox, claude, "--token-limit", "max");
            var theirs = TheirBlocks(sandbox, claude, "--token-limit", "max");
            var synthetic = SyntheticMessages(claude);
            SameBlocks(theirs, ours, synthetic);
            var t = theirs[theirs.Length - 1];
            var o = ours[ours.Length - 1];
            Assert.True(o.GetProperty("active").GetBoolean());
            var rate = o.GetProperty("burn_rate");
            Near(t.GetProperty("burnRate").GetProperty("tokensPerMinute").GetDouble(), rate.GetProperty("tokens_per_minute").GetDouble(), 1e-12, "tokens per minute");
            Near(t.GetProperty("burnRate").GetProperty("tokensPerMinuteForIndicator").GetDouble(), rate.GetProperty("input_output_tokens_per_minute").GetDouble(), 1e-12, "input and output tokens per minute");
            Near(t.GetProperty("burnRate").GetProperty("costPerHour").GetDouble(), rate.GetProperty("cost_per_hour").GetDouble(), 1e-12, "cost per hour");
            // The projection runs to the block's end from each process's own now (a second or so apart), and ccusage
            // rounds minutes to whole ones and dollars to cents.
            var tp = t.GetProperty("projection");
            var op = o.GetProperty("projection");
            double tpm = rate.GetProperty("tokens_per_minute").GetDouble(), cpm = rate.GetProperty("cost_per_minute").GetDouble();
            Assert.InRange(op.GetProperty("remaining_minutes").GetDouble(), tp.GetProperty("remainingMinutes").GetDouble() - 0.5, tp.GetProperty("remainingMinutes").GetDouble() + 1.5);
            Assert.InRange(op.GetProperty("total_tokens").GetInt64(), tp.GetProperty("totalTokens").GetInt64() - 2 * tpm - 1, tp.GetProperty("totalTokens").GetInt64() + 2 * tpm + 1);
            Assert.InRange(op.GetProperty("cost_usd").GetDouble(), tp.GetProperty("totalCost").GetDouble() - 0.005 - 2 * cpm, tp.GetProperty("totalCost").GetDouble() + 0.005 + 2 * cpm);
            var status = t.GetProperty("tokenLimitStatus");
            var limit = o.GetProperty("token_limit");
            Assert.Equal(status.GetProperty("limit").GetInt64(), limit.GetProperty("limit").GetInt64());
            Assert.Equal(status.GetProperty("status").GetString(), limit.GetProperty("status").GetString());
            Assert.Equal(o.GetProperty("total_tokens").GetInt64(), limit.GetProperty("used").GetInt64());

            var active = sandbox.Run("blocks", "--dir", sandbox.Store, "--json", "--active").Ok().Json.GetProperty("blocks").EnumerateArray().ToArray();
            var theirActive = Theirs(sandbox, claude, "blocks", "--active").GetProperty("blocks").EnumerateArray().ToArray();
            SameBlocks(theirActive, active, synthetic);
            Assert.Equal(o.GetProperty("start").GetString(), Assert.Single(active).GetProperty("start").GetString());
        }

        [Fact]
        public void Bad_block_options_exit_2_naming_the_option()
        {
            using var sandbox = new CliSandbox();
            sandbox.Run("record", "--model", "gpt-4o-mini", "--input-tokens", "10", "--output-tokens", "5", "--dir", sandbox.Store).Ok();
            var limit = sandbox.Run("blocks", "--dir", sandbox.Store, "--token-limit", "lots");
            Assert.Equal(2, limit.ExitCode);
            Assert.Contains("--token-limit", limit.Stderr);
            var length = sandbox.Run("blocks", "--dir", sandbox.Store, "--session-length", "0.1");
            Assert.Equal(2, length.ExitCode);
            Assert.Contains("--session-length", length.Stderr);
            Assert.Contains("quarter hours", length.Stderr);
            var json = sandbox.Run("blocks", "--dir", sandbox.Store, "--json", "--session-length", "2.5").Ok().Json;
            var block = Assert.Single(json.GetProperty("blocks").EnumerateArray());
            Assert.Equal(TimeSpan.FromHours(2.5), DateTimeOffset.Parse(block.GetProperty("end").GetString()!) - DateTimeOffset.Parse(block.GetProperty("start").GetString()!));
            Assert.True(block.GetProperty("active").GetBoolean());
            var human = sandbox.Run("blocks", "--dir", sandbox.Store, "--timezone", "UTC").Ok();
            Assert.Contains("ACTIVE", human.Stdout);
        }
    }
}
