using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Xunit;

namespace LlmTelemetry.Cli.Tests
{
    public sealed class CliBehaviourTests
    {
        [Theory]
        [InlineData("--days", new[] { "costs", "--days", "0" })]
        [InlineData("--days", new[] { "costs", "--days", "many" })]
        [InlineData("--by", new[] { "costs", "--by", "planet" })]
        [InlineData("--timezone", new[] { "costs", "--timezone", "Mars/Olympus_Mons" })]
        [InlineData("--since", new[] { "costs", "--since", "2026-13-01" })]
        [InlineData("--until", new[] { "costs", "--since", "2026-11-10", "--until", "2026-11-01" })]
        [InlineData("--format", new[] { "export", "--format", "xml" })]
        [InlineData("--model", new[] { "record", "--input-tokens", "5", "--output-tokens", "1" })]
        [InlineData("--input-tokens", new[] { "record", "--model", "gpt-4o", "--input-tokens", "-5", "--output-tokens", "1" })]
        [InlineData("--success", new[] { "record", "--model", "gpt-4o", "--input-tokens", "5", "--output-tokens", "1", "--success", "maybe" })]
        [InlineData("--timestamp", new[] { "record", "--model", "gpt-4o", "--input-tokens", "5", "--output-tokens", "1", "--timestamp", "yesterday-ish" })]
        [InlineData("--limit", new[] { "events", "--limit", "0" })]
        [InlineData("period", new[] { "stats", "fortnight" })]
        [InlineData("--provider", new[] { "chat", "hi", "--provider", "bogus" })]
        [InlineData("--model", new[] { "chat", "hi", "--model", " " })]
        public void Bad_arguments_exit_2_naming_the_argument(string named, string[] args)
        {
            using var sandbox = new CliSandbox();
            var result = sandbox.Run(args.Concat(new[] { "--dir", sandbox.Store }).ToArray());
            Assert.True(result.ExitCode == 2, $"exit {result.ExitCode}: {result.Stderr}");
            Assert.Contains(named, result.Stderr);
            Assert.False(Directory.Exists(Path.Combine(sandbox.Store)) && Directory.GetDirectories(sandbox.Store).Length > 0, "nothing may be written");
        }

        [Fact]
        public void An_empty_store_prints_a_hint_and_exits_0()
        {
            using var sandbox = new CliSandbox();
            var result = sandbox.Run("costs", "--dir", sandbox.Store).Ok();
            Assert.Contains("demo", result.Stdout);
            Assert.Contains("record", result.Stdout);
            var json = sandbox.Run("costs", "--dir", sandbox.Store, "--json").Ok();
            Assert.Equal(0, json.Json.GetProperty("groups").GetArrayLength());
            Assert.Contains("demo", json.Stderr);
        }

        [Fact]
        public void A_call_at_2330_utc_is_on_the_next_day_in_berlin_and_on_its_own_day_in_utc()
        {
            using var sandbox = new CliSandbox();
            sandbox.Run("record", "--model", "gpt-4o-mini", "--input-tokens", "100", "--output-tokens", "10", "--timestamp", "2026-11-20T23:30:00Z", "--dir", sandbox.Store).Ok();
            string Day(string zone) => sandbox.Run("costs", "--since", "2026-11-19", "--until", "2026-11-22", "--timezone", zone, "--json", "--dir", sandbox.Store)
                .Ok().Json.GetProperty("groups").EnumerateArray().Single().GetProperty("key").GetString()!;
            Assert.Equal("2026-11-21", Day("Europe/Berlin"));
            Assert.Equal("2026-11-20", Day("UTC"));
        }

        [Fact]
        public void Record_prices_from_the_registry_unless_a_cost_is_given_and_prints_the_stored_record()
        {
            using var sandbox = new CliSandbox();
            var priced = sandbox.Run("record", "--model", "gpt-4o-mini", "--input-tokens", "1000000", "--output-tokens", "1000000", "--agent", "doc-finder",
                "--timestamp", "2026-11-20T10:00:00Z", "--json", "--dir", sandbox.Store).Ok().Json;
            Assert.Equal(0.75, priced.GetProperty("cost_usd").GetDouble(), 9); // $0.15 + $0.60 per million
            Assert.Equal("openai", priced.GetProperty("provider").GetString());
            Assert.Equal("doc-finder", priced.GetProperty("agent_name").GetString());
            Assert.Equal("cli", priced.GetProperty("metadata").GetProperty("source").GetString());
            var given = sandbox.Run("record", "--model", "my-private-model", "--input-tokens", "5", "--output-tokens", "1", "--cost-usd", "0.5", "--json", "--dir", sandbox.Store).Ok().Json;
            Assert.Equal(0.5, given.GetProperty("cost_usd").GetDouble());
            var unknown = sandbox.Run("record", "--model", "my-private-model", "--input-tokens", "5", "--output-tokens", "1", "--json", "--dir", sandbox.Store).Ok().Json;
            Assert.Equal(System.Text.Json.JsonValueKind.Null, unknown.GetProperty("cost_usd").ValueKind);
            var failed = sandbox.Run("record", "--model", "gpt-4o", "--input-tokens", "5", "--output-tokens", "0", "--error", "rate limited", "--json", "--dir", sandbox.Store).Ok().Json;
            Assert.False(failed.GetProperty("success").GetBoolean());
            Assert.Equal("rate limited", failed.GetProperty("metadata").GetProperty("error").GetString());
        }

        [Fact]
        public async Task Record_from_four_concurrent_processes_loses_nothing()
        {
            using var sandbox = new CliSandbox();
            const int perWriter = 500;
            var writers = Enumerable.Range(0, 4).Select(w => Task.Run(() =>
            {
                for (int i = 0; i < perWriter; i++)
                {
                    var r = sandbox.Run("record", "--model", "claude-haiku-4-5", "--input-tokens", (100 + i).ToString(), "--output-tokens", "20",
                        "--agent", "writer-" + w, "--dir", sandbox.Store);
                    if (r.ExitCode != 0) throw new InvalidOperationException($"writer {w} call {i} failed: {r.Stderr}");
                }
            })).ToArray();
            await Task.WhenAll(writers);
            var json = sandbox.Run("costs", "--days", "2", "--json", "--dir", sandbox.Store).Ok().Json;
            Assert.Equal(4 * perWriter, json.GetProperty("totals").GetProperty("calls").GetInt64());
            Assert.Equal(0, json.GetProperty("skipped_lines").GetInt64());
            var agents = sandbox.Run("agents", "--json", "--dir", sandbox.Store).Ok().Json.GetProperty("agents").EnumerateArray();
            Assert.All(agents, a => Assert.Equal(perWriter, a.GetProperty("calls").GetInt64()));
        }

        [Fact]
        public void Storage_off_writes_nothing()
        {
            using var sandbox = new CliSandbox();
            var result = sandbox.Run(new[] { "record", "--model", "gpt-4o", "--input-tokens", "5", "--output-tokens", "1", "--dir", sandbox.Store },
                new Dictionary<string, string> { ["LLM_TELEMETRY_STORAGE"] = "false" }).Ok();
            Assert.Contains("storage is off", result.Stdout);
            Assert.False(Directory.Exists(sandbox.Store) && Directory.EnumerateFiles(sandbox.Store, "*.jsonl", SearchOption.AllDirectories).Any());
        }
    }
}
