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
    /// prune as a user runs it: per day, what happens to the raw records and to the rollup, with --dry-run changing
    /// nothing; removals by age, date or all keep history, and only --include-history deletes it.
    /// </summary>
    public sealed class CliPruneTests : IDisposable
    {
        private static readonly DateTime Today = DateTime.UtcNow.Date;

        /// <summary>Records written under a long retention stay raw however old they are; prune then runs with its own.</summary>
        private static readonly Dictionary<string, string> KeepRaw = new() { ["LLM_RETENTION_DAYS"] = "3650" };

        private readonly CliSandbox _sandbox = new();

        public void Dispose() => _sandbox.Dispose();

        private static string Date(DateTime day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

        private CliResult Run(IDictionary<string, string>? env, params string[] args)
            => _sandbox.Run(args.Concat(new[] { "--dir", _sandbox.Store }), env);

        /// <summary>One $0.01 call at 10:00 UTC on each of these days back.</summary>
        private void RecordDaysAgo(params int[] ages)
        {
            foreach (int age in ages)
                Run(KeepRaw, "record", "--model", "gpt-4o-mini", "--input-tokens", "10", "--output-tokens", "1", "--cost-usd", "0.01",
                    "--timestamp", Date(Today.AddDays(-age)) + "T10:00:00Z").Ok();
        }

        private JsonElement Totals() => Run(KeepRaw, "costs", "--days", "120", "--timezone", "UTC", "--json").Ok().Json.GetProperty("totals");

        private static JsonElement Step(JsonElement prune, int age, string action)
            => prune.GetProperty("steps").EnumerateArray()
                .Single(s => s.GetProperty("day").GetString() == Date(Today.AddDays(-age)) && s.GetProperty("action").GetString() == action);

        private static void AssertStep(JsonElement step, string raw, string history, long? records)
        {
            Assert.Equal(raw, step.GetProperty("raw").GetString());
            Assert.Equal(history, step.GetProperty("history").GetString());
            if (records is null) Assert.Equal(JsonValueKind.Null, step.GetProperty("records").ValueKind);
            else Assert.Equal(records, step.GetProperty("records").GetInt64());
        }

        private string DayFolder(int age) => Path.Combine(_sandbox.Store, Date(Today.AddDays(-age)));

        private string HistoryFile(int age) => Path.Combine(_sandbox.Store, "history", Date(Today.AddDays(-age)) + ".rollup.json.gz");

        [Fact]
        public void Prune_dry_run_json_says_per_day_what_happens_to_raw_records_and_rollups_and_changes_nothing()
        {
            RecordDaysAgo(50, 40, 10);
            var before = Totals();

            // The default 30-day retention: the two old days are archived, the 10-day-old one compacted.
            var plan = Run(null, "prune", "--dry-run", "--json").Ok().Json;
            Assert.True(plan.GetProperty("dry_run").GetBoolean());
            Assert.Equal(2, plan.GetProperty("days_archived").GetInt64());
            Assert.Equal(1, plan.GetProperty("days_compacted").GetInt64());
            Assert.Equal(0, plan.GetProperty("days_deleted").GetInt64());
            Assert.Equal(0, plan.GetProperty("history_days_deleted").GetInt64());
            Assert.Equal(3, plan.GetProperty("steps").GetArrayLength());
            AssertStep(Step(plan, 50, "archive"), "removed", "kept", 1);
            AssertStep(Step(plan, 40, "archive"), "removed", "kept", 1);
            AssertStep(Step(plan, 10, "compact"), "compacted", "none", null);
            Assert.Contains("30-day retention", Step(plan, 40, "archive").GetProperty("reason").GetString());
            Assert.True(Directory.Exists(DayFolder(40)) && Directory.Exists(DayFolder(50)));
            Assert.False(Directory.Exists(Path.Combine(_sandbox.Store, "history")));

            // The table says the same per day.
            var table = Run(null, "prune", "--dry-run").Ok().Stdout;
            Assert.Contains("Would do (dry run)", table);
            Assert.Contains("Raw records", table);
            var archived = table.Split('\n').Single(l => l.Contains(Date(Today.AddDays(-40))));
            Assert.Contains("Archive", archived);
            Assert.Contains("removed", archived);
            Assert.Contains("kept", archived);

            // Done for real: the raw folders go, their rollups answer every cost question as before.
            var done = Run(null, "prune", "--json").Ok().Json;
            Assert.False(done.GetProperty("dry_run").GetBoolean());
            Assert.Equal(2, done.GetProperty("days_archived").GetInt64());
            Assert.False(Directory.Exists(DayFolder(40)) || Directory.Exists(DayFolder(50)));
            Assert.True(File.Exists(HistoryFile(40)) && File.Exists(HistoryFile(50)));
            var after = Totals();
            Assert.Equal(before.GetProperty("calls").GetInt64(), after.GetProperty("calls").GetInt64());
            Assert.Equal(before.GetProperty("cost_usd").GetDouble(), after.GetProperty("cost_usd").GetDouble());

            // The history limit: the 50-day-old rollup is past 45 days of history; its raw records are long gone.
            var ageOut = Run(new Dictionary<string, string> { ["LLM_HISTORY_DAYS"] = "45" }, "prune", "--dry-run", "--json").Ok().Json;
            Assert.Equal(1, ageOut.GetProperty("history_days_deleted").GetInt64());
            AssertStep(Step(ageOut, 50, "delete_history"), "none", "deleted", 1);
            Assert.Contains("45-day history limit", Step(ageOut, 50, "delete_history").GetProperty("reason").GetString());
            Assert.True(File.Exists(HistoryFile(50)));
        }

        [Fact]
        public void Prune_older_than_keeps_history_and_only_include_history_deletes_it()
        {
            RecordDaysAgo(50, 40, 10);

            // A removal by age takes raw records; the days' rollups stay, so the costs do not change.
            var archive = Run(KeepRaw, "prune", "--older-than", "30", "--json").Ok().Json;
            Assert.Equal(2, archive.GetProperty("days_archived").GetInt64());
            Assert.Equal(0, archive.GetProperty("history_days_deleted").GetInt64());
            AssertStep(Step(archive, 40, "archive"), "removed", "kept", 1);
            Assert.Equal(3, Totals().GetProperty("calls").GetInt64());
            // Listing commands see only raw records: the 10-day-old call.
            Assert.Single(Run(KeepRaw, "events", "--days", "120", "--json").Ok().Json.GetProperty("events").EnumerateArray());

            // Again without --include-history: nothing raw is left that old, and history is not touched.
            var again = Run(KeepRaw, "prune", "--older-than", "30", "--json").Ok().Json;
            Assert.Equal(0, again.GetProperty("steps").GetArrayLength());

            // With it, a dry run names the history it would delete and deletes nothing.
            var plan = Run(KeepRaw, "prune", "--older-than", "30", "--include-history", "--dry-run", "--json").Ok().Json;
            Assert.Equal(2, plan.GetProperty("history_days_deleted").GetInt64());
            AssertStep(Step(plan, 50, "delete_history"), "none", "deleted", 1);
            AssertStep(Step(plan, 40, "delete_history"), "none", "deleted", 1);
            Assert.Equal(3, Totals().GetProperty("calls").GetInt64());

            var deleted = Run(KeepRaw, "prune", "--older-than", "30", "--include-history", "--json").Ok().Json;
            Assert.Equal(2, deleted.GetProperty("history_days_deleted").GetInt64());
            Assert.False(File.Exists(HistoryFile(40)) || File.Exists(HistoryFile(50)));
            Assert.Equal(1, Totals().GetProperty("calls").GetInt64());
        }

        [Fact]
        public void Prune_all_archives_closed_days_and_deletes_today_and_with_include_history_leaves_nothing()
        {
            RecordDaysAgo(40, 0);
            var plan = Run(KeepRaw, "prune", "--all", "--dry-run", "--json").Ok().Json;
            AssertStep(Step(plan, 40, "archive"), "removed", "kept", 1);
            // Today has no history yet: its folder is deleted outright, and the day's costs with it.
            AssertStep(Step(plan, 0, "delete"), "removed", "deleted", 1);

            Run(KeepRaw, "prune", "--all", "--json").Ok();
            Assert.Equal(1, Totals().GetProperty("calls").GetInt64());
            var gone = Run(KeepRaw, "prune", "--all", "--include-history", "--json").Ok().Json;
            AssertStep(Step(gone, 40, "delete_history"), "none", "deleted", 1);
            Assert.Equal(0, Totals().GetProperty("calls").GetInt64());
        }

        [Fact]
        public void A_damaged_history_day_fails_reports_naming_it_and_prune_before_include_history_removes_it()
        {
            RecordDaysAgo(40);
            Run(KeepRaw, "prune", "--older-than", "30").Ok();
            File.WriteAllText(HistoryFile(40), "not a rollup");

            var costs = Run(KeepRaw, "costs", "--days", "120", "--json");
            Assert.Equal(1, costs.ExitCode);
            Assert.Contains(Date(Today.AddDays(-40)), costs.Stderr);
            Assert.Contains("--include-history", costs.Stderr);

            // Its history cannot be read, so it is deleted uncounted.
            var removed = Run(KeepRaw, "prune", "--before", Date(Today.AddDays(-39)), "--include-history", "--json").Ok().Json;
            AssertStep(Step(removed, 40, "delete_history"), "none", "deleted", null);
            Assert.False(File.Exists(HistoryFile(40)));
            Assert.Equal(0, Totals().GetProperty("calls").GetInt64());
        }

        [Theory]
        [InlineData("--include-history", "--include-history goes with --older-than, --before or --all")]
        [InlineData("--include-history --dry-run", "--include-history goes with --older-than, --before or --all")]
        [InlineData("--all --older-than 3", "give only one of --older-than, --before and --all")]
        [InlineData("--before 2026-01-01 --all --include-history", "give only one of --older-than, --before and --all")]
        [InlineData("--older-than -1", "invalid --older-than: must be 0 or more")]
        [InlineData("--before 2026-02-30", "invalid --before: expected a date as YYYY-MM-DD")]
        public void Prune_refuses_what_it_cannot_do_as_a_bad_argument_naming_the_option(string args, string message)
        {
            RecordDaysAgo(40);
            var result = Run(KeepRaw, new[] { "prune" }.Concat(args.Split(' ')).ToArray());
            Assert.Equal(2, result.ExitCode);
            Assert.Contains(message, result.Stderr);
            Assert.True(Directory.Exists(DayFolder(40)));
        }

        [Fact]
        public void Prune_json_keeps_its_first_fields_in_their_order_before_the_new_ones()
        {
            // The first record runs the daily maintenance, which compacts its day at once: the second is left to compact.
            RecordDaysAgo(10, 9);
            var prune = Run(null, "prune", "--dry-run", "--json").Ok().Json;
            Assert.Equal(new[] { "dry_run", "days_deleted", "days_compacted", "bytes_before", "bytes_after", "days_archived", "history_days_deleted", "steps" },
                prune.EnumerateObject().Select(p => p.Name));
            Assert.Equal(new[] { "day", "action", "reason", "bytes", "raw", "history", "records" },
                Assert.Single(prune.GetProperty("steps").EnumerateArray()).EnumerateObject().Select(p => p.Name));
        }
    }
}
