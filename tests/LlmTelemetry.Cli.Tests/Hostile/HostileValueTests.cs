using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using Xunit;

namespace LlmTelemetry.Cli.Tests.Hostile
{
    /// <summary>
    /// Hostile numbers and settings through the native CLI, one process per case: token counts that overflow, costs of
    /// 1e308, NaN or Infinity, absurd durations, and environment or config values out of range. Each case states the
    /// exact exit code and the exact error, which names the option (or the variable, or the file and its key) the user
    /// actually gave. Then the stores those values used to produce: every report stays valid JSON with finite numbers.
    /// </summary>
    public sealed class HostileValueTests
    {
        private const string AtMost = "must be at most 10,000,000,000 tokens for one call";
        private const string NotFinite = "must be a finite number ≥ 0, or null when the model is not priced";
        private const string AtMostUsd = "must be at most 1,000,000 US dollars for one call";

        public static IEnumerable<object[]> Records()
        {
            object[] Case(string error, params string[] extra) => new object[] { string.Join(" ", extra), extra, error };
            const string max = "9223372036854775807";
            yield return Case($"error: invalid --input-tokens: {AtMost} (got '{max}')", "--input-tokens", max, "--output-tokens", max);
            yield return Case($"error: invalid --input-tokens: {AtMost} (got '5000000000000000000')", "--input-tokens", "5000000000000000000", "--output-tokens", "1");
            yield return Case($"error: invalid --input-tokens: {AtMost} (got '10000000001')", "--input-tokens", "10000000001", "--output-tokens", "1");
            yield return Case($"error: invalid --output-tokens: {AtMost} (got '{max}')", "--input-tokens", "1", "--output-tokens", max);
            yield return Case($"error: invalid --cache-creation-input-tokens: {AtMost} (got '{max}')", "--input-tokens", "1", "--output-tokens", "1", "--cache-creation-input-tokens", max);
            yield return Case($"error: invalid --cache-read-input-tokens: {AtMost} (got '{max}')", "--input-tokens", "1", "--output-tokens", "1", "--cache-read-input-tokens", max);
            yield return Case($"error: invalid --cache-creation-1h-input-tokens: {AtMost} (got '{max}')", "--input-tokens", "1", "--output-tokens", "1", "--cache-creation-input-tokens", "5", "--cache-creation-1h-input-tokens", max);
            yield return Case($"error: invalid --reasoning-tokens: {AtMost} (got '{max}')", "--input-tokens", "1", "--output-tokens", "5", "--reasoning-tokens", max);
            yield return Case("error: invalid --reasoning-tokens: is part of output and cannot exceed it (5) (got '6')", "--input-tokens", "1", "--output-tokens", "5", "--reasoning-tokens", "6");
            yield return Case("error: invalid --cache-creation-1h-input-tokens: is part of cache_creation_input and cannot exceed it (5) (got '6')", "--input-tokens", "1", "--output-tokens", "5", "--cache-creation-input-tokens", "5", "--cache-creation-1h-input-tokens", "6");
            yield return Case("error: invalid --input-tokens: must be a non-negative integer (got '-1')", "--input-tokens", "-1", "--output-tokens", "1");
            yield return Case("error: invalid --output-tokens: must be a non-negative integer (got '-9223372036854775808')", "--input-tokens", "1", "--output-tokens", "-9223372036854775808");
            yield return Case("error: Cannot parse argument '9223372036854775808' for option '--input-tokens' as expected type 'System.Int64'.", "--input-tokens", "9223372036854775808", "--output-tokens", "1");
            yield return Case("error: Cannot parse argument '1e3' for option '--output-tokens' as expected type 'System.Int64'.", "--input-tokens", "1", "--output-tokens", "1e3");
            yield return Case("error: Cannot parse argument 'NaN' for option '--input-tokens' as expected type 'System.Int64'.", "--input-tokens", "NaN", "--output-tokens", "1");
            yield return Case($"error: invalid --cost-usd: {AtMostUsd} (got '1E+308')", "--input-tokens", "1", "--output-tokens", "1", "--cost-usd", "1e308");
            yield return Case($"error: invalid --cost-usd: {AtMostUsd} (got '1.7976931348623157E+308')", "--input-tokens", "1", "--output-tokens", "1", "--cost-usd", "1.7976931348623157e308");
            yield return Case($"error: invalid --cost-usd: {NotFinite} (got 'Infinity')", "--input-tokens", "1", "--output-tokens", "1", "--cost-usd", "1e309");
            yield return Case($"error: invalid --cost-usd: {NotFinite} (got 'Infinity')", "--input-tokens", "1", "--output-tokens", "1", "--cost-usd", "Infinity");
            yield return Case($"error: invalid --cost-usd: {NotFinite} (got '-Infinity')", "--input-tokens", "1", "--output-tokens", "1", "--cost-usd=-Infinity");
            yield return Case($"error: invalid --cost-usd: {NotFinite} (got 'NaN')", "--input-tokens", "1", "--output-tokens", "1", "--cost-usd", "NaN");
            yield return Case($"error: invalid --cost-usd: {NotFinite} (got '-1')", "--input-tokens", "1", "--output-tokens", "1", "--cost-usd=-1");
            yield return Case($"error: invalid --cost-usd: {NotFinite} (got '-0.0001')", "--input-tokens", "1", "--output-tokens", "1", "--cost-usd=-0.0001");
            yield return Case($"error: invalid --cost-usd: {AtMostUsd} (got '1000000.01')", "--input-tokens", "1", "--output-tokens", "1", "--cost-usd", "1000000.01");
            yield return Case("error: invalid --cost-usd: expected a number of US dollars such as 0.0042 (got 'cheap')", "--input-tokens", "1", "--output-tokens", "1", "--cost-usd", "cheap");
            yield return Case("error: invalid --cost-usd: expected a number of US dollars such as 0.0042 (got '1,5')", "--input-tokens", "1", "--output-tokens", "1", "--cost-usd", "1,5");
            yield return Case("error: invalid --duration-ms: must be at most 2,592,000,000 (30 days) (got '9223372036854775807')", "--input-tokens", "1", "--output-tokens", "1", "--duration-ms", max);
            yield return Case("error: invalid --duration-ms: must not be negative (got '-1')", "--input-tokens", "1", "--output-tokens", "1", "--duration-ms=-1");
            yield return Case("error: invalid --input-tokens/--output-tokens/--cache-creation-input-tokens/--cache-read-input-tokens: the registry prices these tokens of o1-pro at 3000000.00015 USD, and a cost "
                + AtMostUsd + "; check the token counts (got '5000000001')", "--model", "o1-pro", "--input-tokens", "1", "--output-tokens", "5000000000");
            yield return Case("", "--input-tokens", "10000000000", "--output-tokens", "0", "--cost-usd", "1000000");
            yield return Case("", "--input-tokens", "1", "--output-tokens", "1", "--cost-usd", "0", "--duration-ms", "2592000000");
        }

        [Theory]
        [MemberData(nameof(Records))]
        public void Record_refuses_a_hostile_value_naming_the_option_and_writes_nothing(string name, string[] extra, string error)
        {
            using var sandbox = new CliSandbox();
            var args = new List<string> { "record", "--dir", sandbox.Store, "--json" };
            if (!extra.Contains("--model")) args.AddRange(new[] { "--model", "x-unknown" });
            args.AddRange(extra);
            var result = sandbox.Run(args, null);
            if (error.Length == 0)
            {
                result.Ok();
                var stored = result.Json;
                Assert.Equal(long.Parse(extra[Array.IndexOf(extra, "--input-tokens") + 1], CultureInfo.InvariantCulture), stored.GetProperty("tokens").GetProperty("input").GetInt64());
                Assert.Equal(double.Parse(extra[Array.IndexOf(extra, "--cost-usd") + 1], CultureInfo.InvariantCulture), stored.GetProperty("cost_usd").GetDouble());
                return;
            }
            Assert.True(result.ExitCode == 2, $"{name}: exit {result.ExitCode}\n{result.Stderr}");
            Assert.Equal("", result.Stdout);
            Assert.Equal(error, result.Stderr.Split('\n')[0].TrimEnd('\r'));
            Assert.False(Directory.Exists(sandbox.Store) && Directory.EnumerateFiles(sandbox.Store, "telemetry.jsonl", SearchOption.AllDirectories).Any(), name + ": something was written");
        }

        public static IEnumerable<object[]> Settings()
        {
            foreach (var (variable, value) in new[]
            {
                ("LLM_RETENTION_DAYS", "0"), ("LLM_RETENTION_DAYS", "-5"), ("LLM_RETENTION_DAYS", "abc"), ("LLM_RETENTION_DAYS", "99999999999"),
                ("LLM_RETENTION_DAYS", "1.5"), ("LLM_RETENTION_DAYS", "1e3"), ("LLM_STORAGE_MAX_SIZE_MB", "0"), ("LLM_STORAGE_MAX_SIZE_MB", "-2147483648"),
            })
                yield return new object[] { variable + "=" + value, variable, value, $"error: environment variable {variable}='{value}' is not valid: expected a whole number "
                    + (variable == "LLM_RETENTION_DAYS" ? "from 1 to 365000" : "≥ 1") };
            foreach (var (variable, value) in new[] { ("LLM_TELEMETRY_STORAGE", "maybe"), ("LLM_STORE_PROMPTS", "2"), ("LLM_STORE_RESPONSES", "NaN") })
                yield return new object[] { variable + "=" + value, variable, value, $"error: environment variable {variable}='{value}' is not valid: expected true or false" };
        }

        [Theory]
        [MemberData(nameof(Settings))]
        public void A_bad_environment_value_names_the_variable_not_an_option(string name, string variable, string value, string error)
        {
            using var sandbox = new CliSandbox();
            var result = sandbox.Run(new[] { "stats", "--dir", sandbox.Store }, new Dictionary<string, string> { [variable] = value });
            Assert.True(result.ExitCode == 1, $"{name}: exit {result.ExitCode}\n{result.Stderr}");
            Assert.Equal(error, result.Stderr.Split('\n')[0].TrimEnd('\r'));
            Assert.DoesNotContain("--", result.Stderr);
        }

        [Theory]
        [InlineData("retention_days", "0")]
        [InlineData("retention_days", "-1")]
        [InlineData("max_size_mb", "0")]
        public void A_bad_config_file_value_names_the_file_and_its_key(string key, string value)
        {
            using var sandbox = new CliSandbox();
            var config = Path.Combine(sandbox.Root, "config", "config.json");
            Directory.CreateDirectory(Path.GetDirectoryName(config)!);
            File.WriteAllText(config, "{\"" + key + "\": " + value + "}");
            var result = sandbox.Run("stats", "--dir", sandbox.Store);
            Assert.Equal(1, result.ExitCode);
            Assert.Equal($"error: {config}: field '{key}' is not valid: {(key == "retention_days" ? "must be from 1 to 365000" : "must be at least 1")} (got '{value}')", result.Stderr.Split('\n')[0].TrimEnd('\r'));
        }

        /// <summary>
        /// A store holding what older versions let in: two 1e308 costs and two 5e18 input counts. Every report used to
        /// print $Infinity, negative tokens, or truncated JSON and an unhandled ArgumentException. Now the lines are
        /// skipped (and counted), and each --json document parses with the good call's numbers.
        /// </summary>
        [Fact]
        public void Reports_over_a_store_with_values_older_versions_let_in_stay_valid_and_finite()
        {
            using var sandbox = new CliSandbox();
            var day = DateTime.UtcNow.Date.AddDays(-1);
            sandbox.Run("record", "--dir", sandbox.Store, "--model", "x-unknown", "--agent", "a", "--input-tokens", "100", "--output-tokens", "50",
                "--cost-usd", "0.009", "--timestamp", day.AddHours(12).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)).Ok();
            var file = Path.Combine(sandbox.Store, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "telemetry.jsonl");
            string Old(int i, long input, string cost) => "{\"v\":1,\"id\":\"old-" + i + "\",\"timestamp\":\"" + day.AddHours(13).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)
                + "\",\"event_type\":\"llm_call\",\"model\":\"x-unknown\",\"agent_name\":\"a\",\"tokens\":{\"input\":" + input + ",\"output\":0,\"cache_creation_input\":0,\"cache_creation_1h_input\":0,\"cache_read_input\":0,\"reasoning\":0,\"total\":" + input
                + "},\"cost_usd\":" + cost + ",\"success\":true,\"metadata\":{}}\n";
            File.AppendAllText(file, Old(1, 1, "1e308") + Old(2, 1, "1e308") + Old(3, 5_000_000_000_000_000_000, "0.01") + Old(4, 5_000_000_000_000_000_000, "0.01"));

            foreach (var (args, totals) in new (string[], Func<JsonElement, JsonElement>)[]
            {
                (new[] { "costs" }, j => j.GetProperty("totals")),
                (new[] { "costs", "--by", "model" }, j => j.GetProperty("totals")),
                (new[] { "costs", "--model", "x-*" }, j => j.GetProperty("totals")),
                (new[] { "models" }, j => j.GetProperty("totals")),
                (new[] { "agents" }, j => j.GetProperty("totals")),
                (new[] { "stats", "--days", "7" }, j => j),
                (new[] { "report", "--out", Path.Combine(sandbox.Root, "r.html") }, j => j.GetProperty("totals")),
            })
            {
                var result = sandbox.Run(args.Concat(new[] { "--dir", sandbox.Store, "--json" }).ToArray()).Ok();
                var json = result.Json;
                var t = totals(json);
                Assert.Equal(1, t.GetProperty("calls").GetInt64());
                Assert.Equal(100, t.GetProperty("input_tokens").GetInt64());
                Assert.Equal(0.009, t.GetProperty("cost_usd").GetDouble(), 12);
                Assert.Equal(4, json.GetProperty("skipped_lines").GetInt64());
            }
            var human = sandbox.Run("costs", "--dir", sandbox.Store).Ok();
            Assert.DoesNotContain("Infinity", human.Stdout);
            Assert.Contains("$0.009", human.Stdout);
            Assert.Contains("4 unreadable line(s) were skipped", human.Stdout + human.Stderr);
        }

        /// <summary>
        /// One Claude Code line with input_tokens Int64.MaxValue used to make every import exit 2 ("invalid
        /// --tokens.total … got '-2'") and import nothing, on every retry. Now it is one malformed line.
        /// </summary>
        [Fact]
        public void Import_counts_a_hostile_line_as_malformed_and_imports_the_rest_every_time()
        {
            using var sandbox = new CliSandbox();
            var log = Path.Combine(sandbox.Root, "claude", "projects", "p", "s.jsonl");
            Directory.CreateDirectory(Path.GetDirectoryName(log)!);
            var at = DateTime.UtcNow.Date.AddDays(-1).AddHours(10).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            string Line(string id, string input) => "{\"type\":\"assistant\",\"timestamp\":\"" + at + "\",\"sessionId\":\"s\",\"requestId\":\"r" + id
                + "\",\"message\":{\"id\":\"m" + id + "\",\"model\":\"claude-sonnet-4-5\",\"usage\":{\"input_tokens\":" + input + ",\"output_tokens\":5}}}\n";
            File.WriteAllText(log, Line("1", "10") + Line("2", "9223372036854775807") + Line("3", "20"));
            File.SetLastWriteTimeUtc(log, DateTime.UtcNow.AddHours(-1));
            var args = new[] { "import", "claude-code", "--path", Path.Combine(sandbox.Root, "claude"), "--dir", sandbox.Store, "--json" };

            var first = sandbox.Run(args).Ok().Json;
            Assert.Equal(2, first.GetProperty("added").GetInt64());
            Assert.Equal(1, first.GetProperty("malformed").GetInt64());
            var bad = first.GetProperty("malformed_lines").EnumerateArray().Single();
            Assert.Equal(log, bad.GetProperty("file").GetString());
            Assert.Equal(2, bad.GetProperty("line").GetInt64());
            Assert.Equal("usage.input_tokens " + AtMost + " (got 9223372036854775807)", bad.GetProperty("problem").GetString());

            var again = sandbox.Run(args).Ok().Json;
            Assert.Equal(0, again.GetProperty("added").GetInt64());
            var forced = sandbox.Run(args.Concat(new[] { "--dry-run" }).ToArray()).Ok().Json;
            Assert.Equal(0, forced.GetProperty("added").GetInt64());
            var totals = sandbox.Run("costs", "--dir", sandbox.Store, "--json").Ok().Json.GetProperty("totals");
            Assert.Equal(30, totals.GetProperty("input_tokens").GetInt64());
        }

        /// <summary>A summary.json whose totals were edited, and a same-size edit of telemetry.jsonl with its mtime restored: costs must answer what stats and events answer.</summary>
        [Fact]
        public void Costs_agrees_with_stats_after_the_summary_or_the_records_were_edited_behind_its_back()
        {
            using var sandbox = new CliSandbox();
            var day = DateTime.UtcNow.Date.AddDays(-2);
            sandbox.Run("record", "--dir", sandbox.Store, "--model", "x-unknown", "--input-tokens", "1", "--output-tokens", "1", "--cost-usd", "0.009",
                "--timestamp", day.AddHours(12).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)).Ok();
            double Costs() => sandbox.Run("costs", "--timezone", "UTC", "--dir", sandbox.Store, "--json").Ok().Json.GetProperty("totals").GetProperty("cost_usd").GetDouble();
            double Stats() => sandbox.Run("stats", "--days", "7", "--timezone", "UTC", "--dir", sandbox.Store, "--json").Ok().Json.GetProperty("cost_usd").GetDouble();
            Assert.Equal(0.009, Costs(), 12);
            var folder = Path.Combine(sandbox.Store, day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            var summary = Path.Combine(folder, "rollup.bin");
            Assert.True(File.Exists(summary));

            // The cached rollup's cost (a double) set to 1234.5, as an editor would: its checksum no longer matches.
            var cached = File.ReadAllBytes(summary);
            var cost = BitConverter.GetBytes(0.009);
            int at = Enumerable.Range(0, cached.Length - 7).First(i => cached.AsSpan(i, 8).SequenceEqual(cost));
            BitConverter.GetBytes(1234.5).CopyTo(cached, at);
            File.WriteAllBytes(summary, cached);
            Assert.Equal(0.009, Costs(), 12);

            var data = Path.Combine(folder, "telemetry.jsonl");
            var mtime = File.GetLastWriteTimeUtc(data);
            var bytes = File.ReadAllBytes(data);
            var edited = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(bytes).Replace("\"cost_usd\":0.009", "\"cost_usd\":1.234"));
            Assert.Equal(bytes.Length, edited.Length);
            using (var stream = new FileStream(data, FileMode.Open, FileAccess.Write)) stream.Write(edited, 0, edited.Length);
            File.SetLastWriteTimeUtc(data, mtime);
            Assert.Equal(1.234, Stats(), 12);
            Assert.Equal(1.234, Costs(), 12);
        }
    }
}
