using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using LlmTelemetry.Configuration;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;
using Xunit;

namespace LlmTelemetry.Cli.Tests
{
    /// <summary>
    /// Issue 17 item 5, merging through files for a team with no server: each machine exports JSON Lines (here with
    /// overlapping ranges, and one file twice), one machine imports every file, again and again, and its totals per
    /// host are each machine's own totals, exactly, with their sum the team's. Real CLI processes on real stores.
    /// </summary>
    public sealed class CliTeamMergeTests
    {
        private static readonly string[] Hosts = { "ada-laptop", "build-box", "cy-desktop" };

        /// <summary>
        /// A machine's store with its own calls over the last <paramref name="days"/> days: several models, agents,
        /// cache tokens, failures, unpriced calls, and one call a later import corrected to a larger total.
        /// </summary>
        private static void Generate(string root, string host, int seed, int days, DateTimeOffset now)
        {
            var random = new Random(seed);
            using var store = new TelemetryStore(new StoreOptions { Root = root, AutoMaintenance = false, Environment = new Dictionary<string, string?>() });
            var models = new[] { "claude-sonnet-4-5", "gpt-4o-mini", "gemini-2.5-pro", "local-llama" };
            var calls = new List<TelemetryRecord>();
            for (int d = 0; d < days; d++)
            {
                int perDay = 3 + random.Next(6);
                for (int i = 0; i < perDay; i++)
                {
                    var at = now.AddDays(-d).AddMinutes(-random.Next(1, 1400));
                    string model = models[random.Next(models.Length)];
                    var b = new TelemetryRecordBuilder().At(at).Model(model).Provider(model.StartsWith("gpt") ? "openai" : "anthropic")
                        .Agent("agent-" + random.Next(3)).Session(host + "-s" + random.Next(4)).Host(host).Project("proj-" + random.Next(2))
                        .Tokens(input: random.Next(10, 5000), output: random.Next(1, 900), cacheReadInput: random.Next(0, 3) * 1000L)
                        .DurationMs(random.Next(100, 9000)).Success(random.Next(10) > 0)
                        .Cost(model == "local-llama" ? null : Math.Round(random.NextDouble() / 20, 6));
                    calls.Add(b.Build());
                }
            }
            store.AppendBatch(calls);
            var corrected = calls[calls.Count / 2];
            store.AppendBatch(new[] { corrected with { Tokens = TokenUsage.Create(corrected.Tokens.Input, corrected.Tokens.Output + 777, cacheReadInput: corrected.Tokens.CacheReadInput), CostUsd = 0.5 } });
        }

        private static JsonElement Totals(CliSandbox cli, string store, params string[] more)
            => cli.Run(new[] { "costs", "--days", "60", "--dir", store, "--json" }.Concat(more).ToArray()).Ok().Json;

        private static (long Calls, long Tokens, long Input, long CacheRead, double Cost, long Unpriced) Sums(JsonElement row)
            => (row.GetProperty("calls").GetInt64(), row.GetProperty("total_tokens").GetInt64(), row.GetProperty("input_tokens").GetInt64(),
                row.GetProperty("cache_read_input_tokens").GetInt64(), Math.Round(row.GetProperty("cost_usd").GetDouble(), 6),
                row.GetProperty("unpriced_calls").GetInt64());

        [Fact]
        public void Every_machines_export_imported_on_one_machine_gives_per_host_totals_equal_to_each_machine_and_no_double_count_on_re_import()
        {
            using var cli = new CliSandbox();
            var now = DateTimeOffset.UtcNow;
            var machines = Hosts.Select((h, i) => Path.Combine(cli.Root, "machine-" + h)).ToArray();
            for (int i = 0; i < Hosts.Length; i++) Generate(machines[i], Hosts[i], seed: 17 + i, days: 18 + 4 * i, now);

            // Overlapping exports: machine 0 in two ranges that share ten days, machine 1 whole and the same file
            // copied under another name, machine 2 whole and its last week again.
            var files = new List<string>();
            string Export(int machine, string name, params string[] range)
            {
                string file = Path.Combine(cli.Root, "exports", name);
                Directory.CreateDirectory(Path.GetDirectoryName(file)!);
                cli.Run(new[] { "export", "--format", "jsonl", "--out", file, "--dir", machines[machine] }.Concat(range).ToArray()).Ok();
                files.Add(file);
                return file;
            }
            string today = now.ToLocalTime().ToString("yyyy-MM-dd");
            Export(0, "ada-old.jsonl", "--since", now.ToLocalTime().AddDays(-30).ToString("yyyy-MM-dd"), "--until", now.ToLocalTime().AddDays(-5).ToString("yyyy-MM-dd"));
            Export(0, "ada-new.jsonl", "--since", now.ToLocalTime().AddDays(-15).ToString("yyyy-MM-dd"), "--until", today);
            string build = Export(1, "build.jsonl");
            string copy = Path.Combine(cli.Root, "exports", "build-copy.jsonl");
            File.Copy(build, copy);
            files.Add(copy);
            Export(2, "cy.jsonl");
            Export(2, "cy-week.jsonl", "--days", "7");

            string hub = Path.Combine(cli.Root, "hub");
            foreach (var file in files) cli.Run("import", "jsonl", "--path", file, "--dir", hub, "--json").Ok();
            var once = Totals(cli, hub, "--by", "host");
            // Again, in another order: nothing is added.
            foreach (var file in Enumerable.Reverse(files))
                Assert.Equal(0, cli.Run("import", "jsonl", "--path", file, "--dir", hub, "--json").Ok().Json.GetProperty("added").GetInt64());
            var twice = Totals(cli, hub, "--by", "host");
            Assert.Equal(once.GetRawText(), twice.GetRawText());

            var groups = twice.GetProperty("groups").EnumerateArray().ToDictionary(g => g.GetProperty("key").GetString()!);
            Assert.Equal(Hosts.OrderBy(h => h), groups.Keys.OrderBy(h => h));
            long calls = 0;
            double cost = 0;
            for (int i = 0; i < Hosts.Length; i++)
            {
                var own = Totals(cli, machines[i]).GetProperty("totals");
                if (Sums(own) != Sums(groups[Hosts[i]]))
                {
                    var mine = Totals(cli, machines[i], "--by", "day").GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("key").GetString() + "=" + g.GetProperty("calls").GetInt64());
                    var theirs = Totals(cli, hub, "--by", "day", "--host", Hosts[i]).GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("key").GetString() + "=" + g.GetProperty("calls").GetInt64());
                    Assert.Fail(Hosts[i] + ": machine " + string.Join(",", mine.Except(theirs)) + " hub " + string.Join(",", theirs.Except(mine)) + " files " + string.Join(",", files.Select(f => f + ":" + File.ReadAllLines(f).Length)));
                }
                calls += own.GetProperty("calls").GetInt64();
                cost += own.GetProperty("cost_usd").GetDouble();
            }
            var team = twice.GetProperty("totals");
            Assert.Equal(calls, team.GetProperty("calls").GetInt64());
            Assert.Equal(Math.Round(cost, 6), Math.Round(team.GetProperty("cost_usd").GetDouble(), 6));
            Assert.True(calls > 100, $"only {calls} calls were generated");
        }
    }
}
