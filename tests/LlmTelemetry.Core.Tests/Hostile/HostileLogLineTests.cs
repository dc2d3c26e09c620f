using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using LlmTelemetry.Configuration;
using LlmTelemetry.Importers;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;
using LlmTelemetry.Tests.Importers;
using Xunit;

namespace LlmTelemetry.Tests.Hostile
{
    /// <summary>
    /// Hostile Claude Code and Codex log lines (counts that overflow, are negative, fractional, not numbers; costUSD of
    /// 1e308, -1, "NaN"; cut-off and deeply nested lines) imported into a real store after one good line. Each case
    /// states its outcome exactly: the value is imported as given, or the line is counted as malformed with its file,
    /// its line number and a reason naming the field, the good line still imports, and a second import neither fails
    /// nor adds anything. Before, one count of Int64.MaxValue made every import exit 2 and import nothing.
    /// </summary>
    public sealed class HostileLogLineTests
    {
        private const string Day = "2026-11-20";

        /// <summary>"ok:&lt;input&gt;,&lt;output&gt;,&lt;cache write&gt;,&lt;cache read&gt;[,cost]" or "malformed:&lt;text the reason contains&gt;".</summary>
        public static IEnumerable<object[]> ClaudeCodeCases()
        {
            const string atMost = "must be at most 10,000,000,000 tokens";
            var counts = new (string Json, string Outcome)[]
            {
                ("9223372036854775807", "malformed:" + atMost),
                ("9223372036854775808", "malformed:" + atMost),
                ("18446744073709551615", "malformed:" + atMost),
                ("10000000001", "malformed:" + atMost),
                ("1e300", "malformed:" + atMost),
                ("1e400", "malformed:" + atMost),
                ("-1", "malformed:must be a non-negative integer"),
                ("-9223372036854775808", "malformed:must be a non-negative integer"),
                ("-1e30", "malformed:must be a non-negative integer"),
                ("1.5", "malformed:must be a whole number"),
                ("0.0001", "malformed:must be a whole number"),
                ("\"100\"", "malformed:is not a number"),
                ("\"NaN\"", "malformed:is not a number"),
                ("true", "malformed:is not a number"),
                ("{}", "malformed:is not a number"),
                ("[1]", "malformed:is not a number"),
                ("NaN", "malformed:invalid JSON"),
                ("Infinity", "malformed:invalid JSON"),
                ("0x10", "malformed:invalid JSON"),
                ("012", "malformed:invalid JSON"),
                ("10000000000", "ok:10000000000"),
                ("2.0", "ok:2"),
                ("1e3", "ok:1000"),
                ("-0", "ok:0"),
                ("null", "ok:0"),
            };
            var fields = new[] { "input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_read_input_tokens" };
            for (int f = 0; f < fields.Length; f++)
            {
                foreach (var (json, outcome) in counts)
                {
                    var values = new[] { "7", "5", "3", "2" };
                    values[f] = json;
                    string expected = outcome;
                    if (outcome.StartsWith("ok:", StringComparison.Ordinal))
                    {
                        var parts = new[] { "7", "5", "3", "2" };
                        parts[f] = outcome.Substring(3);
                        expected = "ok:" + string.Join(",", parts);
                    }
                    else
                    {
                        expected = outcome.Contains("invalid JSON", StringComparison.Ordinal) ? outcome : "malformed:usage." + fields[f] + " " + outcome.Substring("malformed:".Length);
                    }
                    yield return new object[] { fields[f] + "=" + json, ClaudeLine(values[0], values[1], values[2], values[3]), expected };
                }
            }

            foreach (var (json, outcome) in new[]
            {
                ("9223372036854775807", "malformed:usage.cache_creation.ephemeral_1h_input_tokens " + atMost),
                ("-3", "malformed:usage.cache_creation.ephemeral_1h_input_tokens must be a non-negative integer"),
                ("\"3\"", "malformed:usage.cache_creation.ephemeral_1h_input_tokens is not a number"),
                ("2.5", "malformed:usage.cache_creation.ephemeral_1h_input_tokens must be a whole number"),
                ("3", "ok:7,5,3,2"),
            })
            {
                yield return new object[] { "ephemeral_1h=" + json, ClaudeLine("7", "5", "3", "2", cacheCreation1h: json), outcome };
            }

            foreach (var (json, outcome) in new[]
            {
                ("1e308", "malformed:costUSD must be at most 1,000,000 US dollars for one call (got 1e308)"),
                ("1000000.01", "malformed:costUSD must be at most 1,000,000 US dollars"),
                ("1e400", "malformed:costUSD must be a finite number"),
                ("-1", "malformed:costUSD must be a finite number ≥ 0"),
                ("-0.000001", "malformed:costUSD must be a finite number ≥ 0"),
                ("\"NaN\"", "malformed:costUSD is not a number"),
                ("\"0.5\"", "malformed:costUSD is not a number"),
                ("\"Infinity\"", "malformed:costUSD is not a number"),
                ("true", "malformed:costUSD is not a number"),
                ("{\"usd\":1}", "malformed:costUSD is not a number"),
                ("[0.5]", "malformed:costUSD is not a number"),
                ("NaN", "malformed:invalid JSON"),
                ("1000000", "ok:7,5,3,2,1000000"),
                ("0.0042", "ok:7,5,3,2,0.0042"),
                ("0", "ok:7,5,3,2,0"),
                ("null", "ok:7,5,3,2,"),
            })
            {
                yield return new object[] { "costUSD=" + json, ClaudeLine("7", "5", "3", "2", cost: json), outcome };
            }

            string good = ClaudeLine("7", "5", "3", "2");
            yield return new object[] { "cut off in the usage", good.Substring(0, good.IndexOf("\"output_tokens\"", StringComparison.Ordinal)), "malformed:not a complete JSON object" };
            yield return new object[] { "cut off inside a string", good.Substring(0, 40), "malformed:not a complete JSON object" };
            yield return new object[] { "closed early", good.Substring(0, good.IndexOf("\"output_tokens\"", StringComparison.Ordinal)) + "}}}", "malformed:invalid JSON" };
            yield return new object[] { "nested 300 deep in the message", good.Replace("\"model\":", "\"content\":" + new string('[', 300) + new string(']', 300) + ",\"model\":"), "malformed:invalid JSON" };
            yield return new object[] { "nested 100 deep in the message", good.Replace("\"model\":", "\"content\":" + new string('[', 100) + new string(']', 100) + ",\"model\":"), "ok:7,5,3,2" };
            yield return new object[] { "usage without output_tokens", good.Replace("\"output_tokens\":5,", ""), "malformed:usage without input_tokens and output_tokens" };
            yield return new object[] { "usage that is a string", good.Replace("\"usage\":{", "\"usage\":\"lots\",\"u\":{"), "malformed:usage is not an object" };
            yield return new object[] { "usage that is null", good.Replace("\"usage\":{", "\"usage\":null,\"u\":{"), "ok:none" };
            yield return new object[] { "timestamp that is not a date", good.Replace(Day + "T10:00:05Z", "yesterday"), "malformed:usage without a valid timestamp" };
            yield return new object[] { "timestamp in year 9999", good.Replace(Day + "T10:00:05Z", "9999-12-31T23:00:00Z"), "malformed:timestamp out of range" };
            yield return new object[] { "timestamp in year 1", good.Replace(Day + "T10:00:05Z", "0001-01-01T00:00:00Z"), "malformed:timestamp out of range" };
            yield return new object[] { "a lone surrogate escape in a string", good.Replace("\"sessionId\":\"s\"", "\"sessionId\":\"\\ud800\""), "malformed:UTF-16" };
            yield return new object[] { "not an object", "[" + good + "]", "malformed:not a complete JSON object" };
            yield return new object[] { "a duplicate of the good call with a hostile count", ClaudeLine("9223372036854775807", "5", "3", "2", id: "good"), "malformed:usage.input_tokens " + atMost };
        }

        /// <summary>Codex token_count lines: running totals only need to be non-negative integers, one call's share must be a plausible count.</summary>
        public static IEnumerable<object[]> CodexCases()
        {
            const string atMost = "must be at most 10,000,000,000 tokens";
            var lastValues = new (string Json, string Outcome)[]
            {
                ("9223372036854775807", "malformed:token_count invalid tokens.{0}: " + atMost),
                ("10000000100", "malformed:token_count invalid tokens.{0}: " + atMost),
                ("9223372036854775808", "malformed:token count {1} is not a non-negative integer below 2^63"),
                ("-1", "malformed:token count {1} is not a non-negative integer below 2^63"),
                ("1.5", "malformed:token count {1} is not a non-negative integer below 2^63"),
                ("1e400", "malformed:token count {1} is not a non-negative integer below 2^63"),
                ("\"100\"", "malformed:token count {1} is not a number"),
                ("true", "malformed:token count {1} is not a number"),
                ("NaN", "malformed:invalid JSON"),
                ("null", "ok"),
            };
            // field in the log, the record field it becomes (input is billed without its cached part), a sane line
            var fields = new[] { ("input_tokens", "input"), ("cached_input_tokens", "cache_read_input"), ("output_tokens", "output") };
            foreach (var (field, recordField) in fields)
            {
                foreach (var (json, outcome) in lastValues)
                {
                    var usage = new Dictionary<string, string> { ["input_tokens"] = "120", ["cached_input_tokens"] = "20", ["output_tokens"] = "30", ["reasoning_output_tokens"] = "0" };
                    usage[field] = json;
                    string expected;
                    if (outcome == "ok")
                    {
                        long input = field == "input_tokens" ? 0 : 120, cached = field == "cached_input_tokens" ? 0 : 20, output = field == "output_tokens" ? 0 : 30;
                        cached = Math.Min(cached, input);
                        expected = $"ok:{input - cached},{output},0,{cached}";
                    }
                    else
                    {
                        expected = string.Format(CultureInfo.InvariantCulture, outcome, recordField, field);
                        // A huge cached count is capped at the input (cached tokens are part of it): that call is sane.
                        if (field == "cached_input_tokens" && expected.Contains("invalid tokens.", StringComparison.Ordinal)) expected = "ok:0,30,0,120";
                    }
                    yield return new object[] { "last_token_usage." + field + "=" + json, CodexTokenCount(last: usage, total: null), expected };
                }
            }

            var sane = new Dictionary<string, string> { ["input_tokens"] = "120", ["cached_input_tokens"] = "20", ["output_tokens"] = "30", ["total_tokens"] = "150" };
            var hugeTotal = new Dictionary<string, string> { ["input_tokens"] = "9223372036854775000", ["cached_input_tokens"] = "0", ["output_tokens"] = "700", ["total_tokens"] = "9223372036854775700" };
            yield return new object[] { "a huge running total beside a sane last call", CodexTokenCount(last: sane, total: hugeTotal), "ok:100,30,0,20" };
            yield return new object[] { "a running total that jumps by Int64.MaxValue", CodexTokenCount(last: null, total: hugeTotal), "malformed:token_count invalid tokens.input: " + atMost };
            yield return new object[] { "reasoning beyond 2^63", CodexTokenCount(last: new Dictionary<string, string>(sane) { ["reasoning_output_tokens"] = "99999999999999999999" }, total: null), "malformed:token count reasoning_output_tokens is not a non-negative integer below 2^63" };
            yield return new object[] { "reasoning larger than the output", CodexTokenCount(last: new Dictionary<string, string>(sane) { ["reasoning_output_tokens"] = "9223372036854775807" }, total: null), "ok:100,30,0,20" };
            yield return new object[] { "total_tokens that is a string", CodexTokenCount(last: sane, total: new Dictionary<string, string>(sane) { ["total_tokens"] = "\"150\"" }), "malformed:token count total_tokens is not a number" };
            yield return new object[] { "info nested 300 deep", CodexTokenCount(last: sane, total: null).Replace("\"info\":{", "\"info\":{\"x\":" + new string('[', 300) + new string(']', 300) + ","), "malformed:invalid JSON" };
            string line = CodexTokenCount(last: sane, total: null);
            yield return new object[] { "cut off", line.Substring(0, line.Length / 2), "malformed:not a complete JSON object" };
            yield return new object[] { "token_count without a timestamp", line.Replace("\"timestamp\":\"" + Day + "T10:00:05Z\",", ""), "malformed:token_count without a valid timestamp" };
        }

        [Theory]
        [MemberData(nameof(ClaudeCodeCases))]
        public void A_hostile_Claude_Code_line_costs_that_line_only(string name, string line, string expected)
        {
            using var temp = new TempDir();
            var log = temp.Combine("claude", "projects", "-w-proj", "session.jsonl");
            Directory.CreateDirectory(Path.GetDirectoryName(log)!);
            File.WriteAllText(log, ClaudeLine("1", "1", "0", "0", id: "good", at: "10:00:00") + "\n" + line + "\n");
            Check(name, ImportSource.ClaudeCode, temp, temp.Combine("claude"), log, expected, r => r.Id != GoodClaudeId(temp));
        }

        [Theory]
        [MemberData(nameof(CodexCases))]
        public void A_hostile_Codex_line_costs_that_line_only(string name, string line, string expected)
        {
            using var temp = new TempDir();
            var log = temp.Combine("codex", "sessions", "2026", "11", "20", "rollout-2026-11-20T10-00-00-00000000-0000-0000-0000-0000000000aa.jsonl");
            Directory.CreateDirectory(Path.GetDirectoryName(log)!);
            var good = CodexTokenCount(last: null, total: new Dictionary<string, string> { ["input_tokens"] = "10", ["cached_input_tokens"] = "0", ["output_tokens"] = "1", ["total_tokens"] = "11" }, at: "10:00:02");
            File.WriteAllText(log, string.Join("\n",
                "{\"timestamp\":\"" + Day + "T10:00:00Z\",\"type\":\"session_meta\",\"payload\":{\"id\":\"00000000-0000-0000-0000-0000000000aa\",\"cwd\":\"/w/proj\"}}",
                "{\"timestamp\":\"" + Day + "T10:00:01Z\",\"type\":\"turn_context\",\"payload\":{\"model\":\"gpt-5\",\"cwd\":\"/w/proj\"}}",
                good, line) + "\n");
            Check(name, ImportSource.Codex, temp, temp.Combine("codex"), log, expected, r => r.Timestamp.Second != 2, hostileLine: 4, goodLines: 1);
        }

        private static void Check(string name, ImportSource source, TempDir temp, string path, string log, string expected,
            Func<TelemetryRecord, bool> isHostile, long hostileLine = 2, int goodLines = 1)
        {
            var root = temp.Combine("store");
            ImportResult first;
            using (var store = Store(root))
            {
                first = TelemetryImporter.Import(source, store, ImportTestSupport.Options(path));
            }
            using (var store = Store(root))
            {
                // The retry that used to fail the same way forever: it reads nothing new and adds nothing.
                var again = TelemetryImporter.Import(source, store, ImportTestSupport.Options(path));
                Assert.Equal(0, again.Added);
                Assert.Equal(0, again.Malformed);

                var records = store.Query().ToList();
                var imported = records.Where(isHostile).ToList();
                Assert.Equal(goodLines, records.Count - imported.Count);
                if (expected.StartsWith("malformed:", StringComparison.Ordinal))
                {
                    Assert.True(first.Malformed == 1, $"{name}: expected one malformed line, got {first.Malformed}: " + string.Join("; ", first.MalformedLines.Select(m => m.Problem)));
                    var bad = Assert.Single(first.MalformedLines);
                    Assert.Equal(log, bad.File);
                    Assert.Equal(hostileLine, bad.Line);
                    Assert.Contains(expected.Substring("malformed:".Length), bad.Problem);
                    Assert.Equal(goodLines, first.Added);
                    Assert.Empty(imported);
                }
                else if (expected == "ok:none")
                {
                    Assert.Equal(0, first.Malformed);
                    Assert.Empty(imported);
                }
                else
                {
                    Assert.True(first.Malformed == 0, $"{name}: " + string.Join("; ", first.MalformedLines.Select(m => m.Problem)));
                    var record = Assert.Single(imported);
                    var parts = expected.Substring("ok:".Length).Split(',');
                    Assert.Equal(long.Parse(parts[0], CultureInfo.InvariantCulture), record.Tokens.Input);
                    Assert.Equal(long.Parse(parts[1], CultureInfo.InvariantCulture), record.Tokens.Output);
                    Assert.Equal(long.Parse(parts[2], CultureInfo.InvariantCulture), record.Tokens.CacheCreationInput);
                    Assert.Equal(long.Parse(parts[3], CultureInfo.InvariantCulture), record.Tokens.CacheReadInput);
                    if (parts.Length > 4) Assert.Equal(parts[4].Length == 0 ? null : double.Parse(parts[4], CultureInfo.InvariantCulture), record.CostUsd);
                }
            }
        }

        private static TelemetryStore Store(string root)
            => new TelemetryStore(new StoreOptions { Root = root, AutoMaintenance = false, StorageEnabled = true, RetentionDays = 100000, Environment = new Dictionary<string, string?>() });

        private static string GoodClaudeId(TempDir temp) => RecordIds.Derived(ImportSources.ClaudeCodeName, "msg_good", "req_good");

        private static string ClaudeLine(string input, string output, string cacheWrite, string cacheRead, string? cacheCreation1h = null, string? cost = null, string id = "hostile", string at = "10:00:05")
        {
            string ephemeral = cacheCreation1h is null ? "" : ",\"cache_creation\":{\"ephemeral_5m_input_tokens\":0,\"ephemeral_1h_input_tokens\":" + cacheCreation1h + "}";
            string costField = cost is null ? "" : ",\"costUSD\":" + cost;
            return "{\"type\":\"assistant\",\"timestamp\":\"" + Day + "T" + at + "Z\",\"sessionId\":\"s\",\"cwd\":\"/w/proj\",\"requestId\":\"req_" + id + "\"" + costField
                + ",\"message\":{\"id\":\"msg_" + id + "\",\"model\":\"claude-sonnet-4-5\",\"role\":\"assistant\",\"usage\":{\"input_tokens\":" + input + ",\"output_tokens\":" + output
                + ",\"cache_creation_input_tokens\":" + cacheWrite + ",\"cache_read_input_tokens\":" + cacheRead + ephemeral + "}}}";
        }

        private static string CodexTokenCount(Dictionary<string, string>? last, Dictionary<string, string>? total, string at = "10:00:05")
        {
            static string Usage(Dictionary<string, string> u) => "{" + string.Join(",", u.Select(p => "\"" + p.Key + "\":" + p.Value)) + "}";
            var info = new List<string>();
            if (total is not null) info.Add("\"total_token_usage\":" + Usage(total));
            if (last is not null) info.Add("\"last_token_usage\":" + Usage(last));
            return "{\"timestamp\":\"" + Day + "T" + at + "Z\",\"type\":\"event_msg\",\"payload\":{\"type\":\"token_count\",\"info\":{" + string.Join(",", info) + "}}}";
        }
    }
}
