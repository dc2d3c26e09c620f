using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using LlmTelemetry.Exporters;
using Xunit;

namespace LlmTelemetry.Cli.Tests
{
    /// <summary>One demo store shared by the read-only command tests (generating it is the slow part).</summary>
    public sealed class DemoStoreFixture : IDisposable
    {
        public DemoStoreFixture()
        {
            Sandbox = new CliSandbox();
            Demo = Sandbox.Run("demo", "--days", "14", "--per-day", "60", "--dir", Sandbox.Store, "--json").Ok().Json;
        }

        public CliSandbox Sandbox { get; }
        public JsonElement Demo { get; }

        public void Dispose() => Sandbox.Dispose();
    }

    public sealed class CliCommandTests : IClassFixture<DemoStoreFixture>
    {
        private static readonly string[] CostFields =
        {
            "key", "calls", "input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_creation_1h_input_tokens",
            "cache_read_input_tokens", "reasoning_tokens", "total_tokens", "cost_usd", "unpriced_calls",
        };

        private readonly DemoStoreFixture _demo;

        public CliCommandTests(DemoStoreFixture demo) => _demo = demo;

        private CliResult Run(params string[] args) => _demo.Sandbox.Run(args.Concat(new[] { "--dir", _demo.Sandbox.Store }).ToArray());

        [Fact]
        public void Demo_reports_where_it_wrote_and_how_much()
        {
            Assert.Equal(_demo.Sandbox.Store, _demo.Demo.GetProperty("dir").GetString());
            Assert.True(_demo.Demo.GetProperty("records").GetInt32() > 300);
        }

        [Fact]
        public void Costs_json_has_exactly_the_documented_shape_and_totals_add_up()
        {
            var json = Run("costs", "--days", "30", "--json", "--timezone", "UTC").Ok().Json;
            Assert.Equal(new[] { "range", "groups", "totals", "skipped_lines" }, json.EnumerateObject().Select(p => p.Name));
            Assert.Equal(new[] { "since", "until", "timezone" }, json.GetProperty("range").EnumerateObject().Select(p => p.Name));
            Assert.Equal("UTC", json.GetProperty("range").GetProperty("timezone").GetString());
            var groups = json.GetProperty("groups").EnumerateArray().ToList();
            Assert.InRange(groups.Count, 10, 15);
            Assert.All(groups, g => Assert.Equal(CostFields, g.EnumerateObject().Select(p => p.Name)));
            Assert.Equal(CostFields, json.GetProperty("totals").EnumerateObject().Select(p => p.Name));
            Assert.Equal("total", json.GetProperty("totals").GetProperty("key").GetString());
            Assert.Equal(groups.Sum(g => g.GetProperty("calls").GetInt64()), json.GetProperty("totals").GetProperty("calls").GetInt64());
            Assert.Equal(_demo.Demo.GetProperty("records").GetInt64(), json.GetProperty("totals").GetProperty("calls").GetInt64());
            Assert.Equal(groups.Sum(g => g.GetProperty("cost_usd").GetDouble()), json.GetProperty("totals").GetProperty("cost_usd").GetDouble(), 6);
            Assert.Equal(0, json.GetProperty("skipped_lines").GetInt64());
            var days = groups.Select(g => g.GetProperty("key").GetString()).ToList();
            Assert.Equal(days.OrderBy(d => d, StringComparer.Ordinal), days);
        }

        [Fact]
        public void Costs_with_several_keys_uses_a_key_object_and_filters_apply()
        {
            var json = Run("costs", "--days", "30", "--by", "project,model", "--model", "claude*", "--json").Ok().Json;
            var groups = json.GetProperty("groups").EnumerateArray().ToList();
            Assert.NotEmpty(groups);
            Assert.All(groups, g =>
            {
                var key = g.GetProperty("key");
                Assert.Equal(JsonValueKind.Object, key.ValueKind);
                Assert.Equal(new[] { "project", "model" }, key.EnumerateObject().Select(p => p.Name));
                Assert.StartsWith("claude", key.GetProperty("model").GetString());
            });
        }

        [Fact]
        public void Costs_table_is_aligned_with_a_total_row_and_dollars()
        {
            var result = Run("costs", "--days", "30", "--by", "model").Ok();
            Assert.Contains("Model", result.Stdout);
            Assert.Contains("Total", result.Stdout);
            Assert.Contains("$", result.Stdout);
            Assert.DoesNotContain("\u001b[", result.Stdout); // no colour when piped or NO_COLOR
            Assert.Contains("Unpriced", result.Stdout); // a column, never folded into the cost
        }

        [Theory]
        [InlineData("stats", "calls", "top_models")]
        [InlineData("models", "models", "totals")]
        [InlineData("agents", "agents", "totals")]
        [InlineData("performance", "p95_duration_ms", "slowest_operations")]
        [InlineData("patterns", "peak_hours", "busiest_weekday")]
        [InlineData("events", "events", "skipped_lines")]
        public void Every_query_command_prints_a_table_and_parseable_json(string command, string field1, string field2)
        {
            var table = Run(command).Ok();
            Assert.False(string.IsNullOrWhiteSpace(table.Stdout));
            var json = Run(command, "--json").Ok().Json;
            Assert.True(json.TryGetProperty(field1, out _), $"{command} --json lacks {field1}: {json}");
            Assert.True(json.TryGetProperty(field2, out _), $"{command} --json lacks {field2}: {json}");
        }

        [Fact]
        public void Stats_periods_and_performance_figures_are_consistent()
        {
            var week = Run("stats", "week", "--json").Ok().Json;
            var today = Run("stats", "today", "--json").Ok().Json;
            Assert.True(week.GetProperty("calls").GetInt64() >= today.GetProperty("calls").GetInt64());
            var perf = Run("performance", "--json", "--days", "14").Ok().Json;
            double p50 = perf.GetProperty("p50_duration_ms").GetDouble(), p95 = perf.GetProperty("p95_duration_ms").GetDouble(), p99 = perf.GetProperty("p99_duration_ms").GetDouble();
            Assert.True(p50 <= p95 && p95 <= p99);
            var models = Run("models", "--top", "2", "--json").Ok().Json;
            Assert.Equal(2, models.GetProperty("models").GetArrayLength());
        }

        [Fact]
        public void Events_are_newest_first_limited_and_filterable()
        {
            var json = Run("events", "--limit", "7", "--json").Ok().Json;
            var events = json.GetProperty("events").EnumerateArray().ToList();
            Assert.Equal(7, events.Count);
            var times = events.Select(e => DateTimeOffset.Parse(e.GetProperty("timestamp").GetString()!)).ToList();
            Assert.Equal(times.OrderByDescending(t => t), times);
            var failed = Run("events", "--failed", "--limit", "1000", "--json").Ok().Json.GetProperty("events").EnumerateArray().ToList();
            Assert.NotEmpty(failed);
            Assert.All(failed, e => Assert.False(e.GetProperty("success").GetBoolean()));
        }

        [Fact]
        public void Export_csv_has_a_header_naming_every_column_and_one_row_per_record()
        {
            var count = Run("costs", "--days", "3650", "--json").Ok().Json.GetProperty("totals").GetProperty("calls").GetInt64();
            var file = Path.Combine(_demo.Sandbox.Root, "export.csv");
            Run("export", "--format", "csv", "--out", file).Ok();
            var lines = File.ReadAllLines(file);
            Assert.Equal(string.Join(",", FlatRecord.Columns), lines[0]);
            Assert.Equal(count, lines.Length - 1);
            var stdout = Run("export", "--format", "jsonl", "--model", "gpt-4o-mini").Ok().Stdout;
            Assert.All(stdout.TrimEnd('\n').Split('\n'), l => Assert.Contains("\"model\":\"gpt-4o-mini\"", l));
        }

        [Fact]
        public void Prune_dry_run_changes_nothing_and_registry_answers()
        {
            var before = Directory.GetDirectories(_demo.Sandbox.Store).Length;
            var prune = Run("prune", "--dry-run", "--json").Ok().Json;
            Assert.True(prune.GetProperty("dry_run").GetBoolean());
            Assert.Equal(before, Directory.GetDirectories(_demo.Sandbox.Store).Length);
            var show = Run("registry", "show", "claude-sonnet-4-5-20250929", "--json").Ok().Json;
            Assert.Equal("claude-sonnet-4-5", show.GetProperty("model").GetProperty("id").GetString());
            var list = Run("registry", "list", "--provider", "anthropic", "--json").Ok().Json;
            Assert.All(list.GetProperty("models").EnumerateArray(), m => Assert.Equal("anthropic", m.GetProperty("provider").GetString()));
            Assert.Equal(1, Run("registry", "show", "no-such-model-xyz").ExitCode);
            // An exact --name resolves as Get-LlmModel and pricing resolve it (here: the provider prefix).
            var named = Run("registry", "list", "--name", "anthropic/claude-haiku-4-5", "--json").Ok().Json;
            Assert.Equal("claude-haiku-4-5", Assert.Single(named.GetProperty("models").EnumerateArray()).GetProperty("id").GetString());
        }
    }
}
