using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace LlmTelemetry.Cli.Tests
{
    /// <summary>
    /// A demo store of 45 days (all raw: the demo keeps every day it writes), the answers of the read commands taken,
    /// then `prune` with a 30-day retention in another process, so the older days keep only their history rollup.
    /// </summary>
    public sealed class PrunedStoreFixture : IDisposable
    {
        /// <summary>Commands whose answers must not change when days move to history.</summary>
        public static readonly string[][] Queries =
        {
            new[] { "costs", "--days", "60", "--by", "month,model", "--json", "--timezone", "UTC" },
            new[] { "costs", "--days", "60", "--by", "day", "--json", "--timezone", "Europe/Berlin" },
            new[] { "stats", "--days", "60", "--json", "--timezone", "UTC" },
            new[] { "performance", "--days", "60", "--json", "--timezone", "UTC" },
            new[] { "patterns", "--days", "60", "--json", "--timezone", "America/New_York" },
        };

        public PrunedStoreFixture()
        {
            Sandbox = new CliSandbox();
            Sandbox.Run("demo", "--days", "45", "--per-day", "30", "--dir", Sandbox.Store, "--json").Ok();
            Before = Queries.Select(q => Run(q).Ok()).ToList();
            var prune = Sandbox.Run(new[] { "prune", "--json", "--dir", Sandbox.Store }, new Dictionary<string, string> { ["LLM_RETENTION_DAYS"] = "30" }).Ok().Json;
            Assert.Contains(prune.GetProperty("steps").EnumerateArray(), s => s.GetProperty("action").GetString() == "archive");

            HistoryDays = Directory.GetFiles(Path.Combine(Sandbox.Store, "history"), "*.rollup").Length;
            Assert.InRange(HistoryDays, 14, 16);
            FirstRawDay = Directory.GetDirectories(Sandbox.Store).Select(Path.GetFileName)
                .Where(n => DateTime.TryParseExact(n, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _)).Min(StringComparer.Ordinal)!;
        }

        public CliSandbox Sandbox { get; }
        public List<CliResult> Before { get; }
        public int HistoryDays { get; }
        public string FirstRawDay { get; }

        public CliResult Run(params string[] args) => Sandbox.Run(args.Concat(new[] { "--dir", Sandbox.Store }).ToArray());

        public void Dispose() => Sandbox.Dispose();
    }

    public sealed class CliHistoryTests : IClassFixture<PrunedStoreFixture>
    {
        private readonly PrunedStoreFixture _store;

        public CliHistoryTests(PrunedStoreFixture store) => _store = store;

        private string ListingWarning =>
            $"warning: records before {_store.FirstRawDay} (UTC) are kept only as daily totals (history); `costs` and `stats` include them, listings do not";

        private static string[] Warnings(CliResult result) => result.Stderr.Split('\n').Where(l => l.StartsWith("warning:", StringComparison.Ordinal)).ToArray();

        /// <summary>A percentile from the histogram: at most 2.5% (plus 0.05 ms of rounding) from the exact one.</summary>
        private static void Near(JsonElement exact, JsonElement approximate, string what)
        {
            Assert.Equal(exact.ValueKind, approximate.ValueKind);
            if (exact.ValueKind != JsonValueKind.Number) return;
            double e = exact.GetDouble(), a = approximate.GetDouble();
            Assert.True(Math.Abs(a - e) <= 0.025 * e + 0.05, $"{what}: {a} is more than 2.5% from {e}");
        }

        [Fact]
        public void Costs_answer_byte_for_byte_as_before_the_prune_and_warn_of_nothing()
        {
            for (int i = 0; i < 2; i++)
            {
                var after = _store.Run(PrunedStoreFixture.Queries[i]).Ok();
                Assert.Equal(_store.Before[i].Stdout, after.Stdout);
                Assert.Empty(Warnings(after));
            }
        }

        [Fact]
        public void Stats_performance_and_patterns_include_the_history_days()
        {
            for (int i = 2; i < PrunedStoreFixture.Queries.Length; i++)
            {
                var before = _store.Before[i].Json;
                var result = _store.Run(PrunedStoreFixture.Queries[i]).Ok();
                Assert.Empty(Warnings(result));
                var after = result.Json;
                Assert.Equal(before.EnumerateObject().Select(p => p.Name), after.EnumerateObject().Select(p => p.Name)); // the documented shape
                foreach (var field in before.EnumerateObject())
                {
                    var name = field.Name;
                    if (name.StartsWith("p", StringComparison.Ordinal) && name.EndsWith("_duration_ms", StringComparison.Ordinal))
                        Near(field.Value, after.GetProperty(name), name);
                    else if (name is "top_models" or "slowest_operations" or "top_operations")
                    {
                        // Named entries: every figure as before, the p95 within the histogram's error.
                        var b = field.Value.EnumerateArray().ToDictionary(n => n.GetProperty("name").GetString() ?? "");
                        var a = after.GetProperty(name).EnumerateArray().ToDictionary(n => n.GetProperty("name").GetString() ?? "");
                        Assert.Equal(b.Keys.OrderBy(k => k), a.Keys.OrderBy(k => k));
                        foreach (var (key, entry) in b)
                            foreach (var p in entry.EnumerateObject())
                                if (p.Name == "p95_duration_ms") Near(p.Value, a[key].GetProperty(p.Name), name + " " + key);
                                else Assert.Equal(p.Value.GetRawText(), a[key].GetProperty(p.Name).GetRawText());
                    }
                    else
                        Assert.Equal(field.Value.GetRawText(), after.GetProperty(name).GetRawText());
                }
                Assert.True(after.GetProperty("calls").GetInt64() > 0);
            }
        }

        [Fact]
        public void Events_and_export_warn_once_naming_the_first_day_with_raw_records()
        {
            var events = _store.Run("events", "--limit", "100000", "--json").Ok();
            Assert.Equal(new[] { ListingWarning }, Warnings(events));
            long listed = events.Json.GetProperty("events").GetArrayLength();
            Assert.All(events.Json.GetProperty("events").EnumerateArray(),
                e => Assert.True(string.CompareOrdinal(e.GetProperty("timestamp").GetString(), _store.FirstRawDay) >= 0));

            var table = _store.Run("events", "--limit", "5").Ok();
            Assert.Equal(new[] { ListingWarning }, Warnings(table));

            var export = _store.Run("export", "--format", "jsonl").Ok();
            Assert.Equal(new[] { ListingWarning }, Warnings(export));
            Assert.Equal(listed, export.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).LongLength);

            // A range of raw days only misses nothing and says nothing.
            Assert.Empty(Warnings(_store.Run("events", "--days", "7", "--json").Ok()));
            Assert.Empty(Warnings(_store.Run("export", "--format", "csv", "--days", "7").Ok()));
        }

        [Fact]
        public void The_report_counts_history_and_says_its_table_does_not()
        {
            string page = Path.Combine(_store.Sandbox.Root, "report.html");
            var result = _store.Run("report", "--days", "60", "--timezone", "UTC", "--out", page, "--json").Ok();
            Assert.Equal(new[] { $"warning: records before {_store.FirstRawDay} (UTC) are kept only as daily totals (history); the page's cards and charts include them, its event table does not" },
                Warnings(result));
            var costs = _store.Run("costs", "--days", "60", "--timezone", "UTC", "--by", "month", "--json").Ok().Json;
            Assert.Equal(costs.GetProperty("totals").GetProperty("calls").GetInt64(), result.Json.GetProperty("totals").GetProperty("calls").GetInt64());
            Assert.True(result.Json.GetProperty("events_total").GetInt64() < costs.GetProperty("totals").GetProperty("calls").GetInt64());
            Assert.Contains("\"raw_from\":\"" + _store.FirstRawDay + "\"", File.ReadAllText(page));
        }

        [Fact]
        public void A_text_search_names_the_history_days_it_could_not_search_and_keeps_the_json_shape()
        {
            var plain = _store.Run("costs", "--days", "60", "--json").Ok().Json;
            foreach (var command in new[] { "costs", "stats", "models" })
            {
                var result = _store.Run(command, "--days", "60", "--search", "claude", "--json").Ok();
                var warning = Assert.Single(Warnings(result));
                Assert.StartsWith($"warning: the history of {_store.HistoryDays} days, ", warning);
                Assert.EndsWith(" (UTC), could not be searched: those days keep only daily totals, and a text search or a record id needs the records; the answer leaves them out", warning);
                if (command == "costs") Assert.Equal(plain.EnumerateObject().Select(p => p.Name), result.Json.EnumerateObject().Select(p => p.Name));
            }
        }
    }
}
