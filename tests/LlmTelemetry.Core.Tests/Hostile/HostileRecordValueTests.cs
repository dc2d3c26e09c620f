using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using LlmTelemetry.Configuration;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Tests.Hostile
{
    /// <summary>
    /// Hostile values for one call (token counts that overflow, costs of 1e308 or NaN, absurd durations) at the two
    /// doors a record has: a request (what `record` and Write-LlmTelemetry send) and a line already on disk (a store
    /// written by an older version, or edited). A refused request names its field and writes nothing; a refused stored
    /// line is skipped with its reason and every report stays finite and equal to the good records. And the aggregates
    /// themselves, fed records built in code without validation, refuse to wrap or reach infinity.
    /// </summary>
    public sealed class HostileRecordValueTests
    {
        private static readonly DateTimeOffset At = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
        private const string AtMostTokens = "must be at most 10,000,000,000 tokens for one call";
        private const string NotNegative = "must be a non-negative integer";
        private const string NotFinite = "must be a finite number ≥ 0, or null when the model is not priced";
        private const string AtMostUsd = "must be at most 1,000,000 US dollars for one call";

        /// <summary>(case, request, the field refused or null when it is stored, the problem).</summary>
        public static IEnumerable<object[]> Requests()
        {
            var counts = new (string Name, Func<RecordRequest, long, RecordRequest> Set, string Field)[]
            {
                ("input", (r, v) => r with { InputTokens = v }, "tokens.input"),
                ("output", (r, v) => r with { OutputTokens = v, ReasoningTokens = 0 }, "tokens.output"),
                ("cache write", (r, v) => r with { CacheCreationInputTokens = v, CacheCreation1hInputTokens = 0 }, "tokens.cache_creation_input"),
                ("cache read", (r, v) => r with { CacheReadInputTokens = v }, "tokens.cache_read_input"),
                ("cache write 1h", (r, v) => r with { CacheCreationInputTokens = Math.Max(0, v), CacheCreation1hInputTokens = v }, "tokens.cache_creation_1h_input"),
                ("reasoning", (r, v) => r with { OutputTokens = Math.Max(0, v), ReasoningTokens = v }, "tokens.reasoning"),
            };
            var values = new (long Value, string? Problem)[]
            {
                (long.MaxValue, AtMostTokens),
                (long.MaxValue / 2, AtMostTokens),
                (5_000_000_000_000_000_000, AtMostTokens),
                (RecordValidator.MaxTokens + 1, AtMostTokens),
                (-1, NotNegative),
                (long.MinValue, NotNegative),
                (-RecordValidator.MaxTokens, NotNegative),
                (RecordValidator.MaxTokens, null),
                (0, null),
                (123_456, null),
            };
            foreach (var (name, set, field) in counts)
                foreach (var (value, problem) in values)
                {
                    // The 1h writes and the reasoning are parts of another count, which is raised with them; a
                    // negative part is refused first, and the other count is then 0.
                    string? badField = problem is null ? null : field;
                    if (problem == AtMostTokens && (field == "tokens.cache_creation_1h_input" || field == "tokens.reasoning"))
                        badField = field == "tokens.reasoning" ? "tokens.output" : "tokens.cache_creation_input";
                    yield return new object[] { $"{name} = {value}", set(Base, value), badField ?? "", problem ?? "" };
                }

            var costs = new (double Value, string? Problem)[]
            {
                (1e308, AtMostUsd),
                (double.MaxValue, AtMostUsd),
                (double.PositiveInfinity, NotFinite),
                (double.NegativeInfinity, NotFinite),
                (double.NaN, NotFinite),
                (-0.01, NotFinite),
                (-double.Epsilon, NotFinite),
                (1_000_000.01, AtMostUsd),
                (2e6, AtMostUsd),
                (1_000_000, null),
                (0, null),
                (double.Epsilon, null),
                (0.0042, null),
            };
            foreach (var (value, problem) in costs)
                yield return new object[] { "cost " + value.ToString("R", CultureInfo.InvariantCulture), Base with { CostUsd = value }, problem is null ? "" : "cost_usd", problem ?? "" };

            foreach (var (value, problem) in new (long, string?)[]
            {
                (long.MaxValue, "must be at most 2,592,000,000 (30 days)"),
                (RecordValidator.MaxDurationMs + 1, "must be at most 2,592,000,000 (30 days)"),
                (-1, "must not be negative"),
                (long.MinValue, "must not be negative"),
                (RecordValidator.MaxDurationMs, null),
                (0, null),
            })
                yield return new object[] { "duration " + value, Base with { DurationMs = value }, problem is null ? "" : "duration_ms", problem ?? "" };
        }

        /// <summary>Prices the registry could give for a call; the error then names the tokens, not a cost the caller never gave.</summary>
        public static IEnumerable<object[]> Prices()
        {
            foreach (var (price, problem) in new (double, string?)[]
            {
                (1e308, AtMostUsd),
                (2e6, AtMostUsd),
                (double.PositiveInfinity, NotFinite),
                (double.NaN, NotFinite),
                (-1, NotFinite),
                (999_999.99, null),
                (0.25, null),
            })
                yield return new object[] { price.ToString("R", CultureInfo.InvariantCulture), price, problem ?? "" };
        }

        /// <summary>A stored line (JSON text) that must be skipped with a reason naming the field, beside a good line.</summary>
        public static IEnumerable<object[]> StoredLines()
        {
            string Line(string tokens, string cost = "0.01", string duration = "100")
                => "{\"v\":1,\"id\":\"hostile\",\"timestamp\":\"2026-11-20T11:00:00Z\",\"event_type\":\"llm_call\",\"model\":\"m\",\"duration_ms\":" + duration
                   + ",\"tokens\":" + tokens + ",\"cost_usd\":" + cost + ",\"success\":true,\"metadata\":{}}";
            string Tokens(long input, long output = 0, long? total = null)
                => "{\"input\":" + input + ",\"output\":" + output + ",\"cache_creation_input\":0,\"cache_creation_1h_input\":0,\"cache_read_input\":0,\"reasoning\":0,\"total\":"
                   + (total ?? unchecked(input + output)) + "}";

            yield return new object[] { "input of 5e18 (written before counts were bounded)", Line(Tokens(5_000_000_000_000_000_000, total: 5_000_000_000_000_000_000)), "tokens.input" };
            yield return new object[] { "input of Int64.MaxValue", Line(Tokens(long.MaxValue, total: long.MaxValue)), "tokens.input" };
            yield return new object[] { "output of 2^62", Line(Tokens(0, 1L << 62, total: 1L << 62)), "tokens.output" };
            yield return new object[] { "a total that wrapped", Line(Tokens(long.MaxValue, long.MaxValue)), "tokens.input" };
            yield return new object[] { "a negative input", Line(Tokens(-5, total: 0)), "tokens.input" };
            yield return new object[] { "a total that does not add up", Line(Tokens(10, 5, total: 1234)), "tokens.total" };
            yield return new object[] { "a negative total", Line(Tokens(0, 0, total: -2)), "tokens.total" };
            yield return new object[] { "input beyond Int64", Line("{\"input\":9223372036854775808,\"output\":0,\"total\":0}"), "" };
            yield return new object[] { "a cost of 1e308 (written before costs were bounded)", Line(Tokens(1), cost: "1e308"), "cost_usd" };
            yield return new object[] { "a cost of 1.7976931348623157e308", Line(Tokens(1), cost: "1.7976931348623157e308"), "cost_usd" };
            yield return new object[] { "a cost of 1e400", Line(Tokens(1), cost: "1e400"), "" };
            yield return new object[] { "a cost of 2e6", Line(Tokens(1), cost: "2000000"), "cost_usd" };
            yield return new object[] { "a negative cost", Line(Tokens(1), cost: "-0.5"), "cost_usd" };
            yield return new object[] { "a cost as a string", Line(Tokens(1), cost: "\"NaN\""), "" };
            yield return new object[] { "a cost as text", Line(Tokens(1), cost: "\"cheap\""), "" };
            yield return new object[] { "a bare NaN", Line(Tokens(1), cost: "NaN"), "" };
            yield return new object[] { "a duration of Int64.MaxValue", Line(Tokens(1), duration: "9223372036854775807"), "duration_ms" };
            yield return new object[] { "a negative duration", Line(Tokens(1), duration: "-1"), "duration_ms" };
            yield return new object[] { "a fractional duration", Line(Tokens(1), duration: "1.5"), "" };
            yield return new object[] { "a fractional count", Line("{\"input\":1.5,\"output\":0,\"total\":1}"), "" };
            yield return new object[] { "tokens as a string", Line("\"lots\""), "" };
            yield return new object[] { "tokens nested 300 deep", Line("{\"x\":" + new string('[', 300) + new string(']', 300) + ",\"input\":1,\"total\":1}"), "" };
        }

        private static RecordRequest Base => new RecordRequest
        {
            Model = "m", InputTokens = 10, OutputTokens = 5, Timestamp = At, User = "u", Source = "test",
        };

        [Theory]
        [MemberData(nameof(Requests))]
        public void A_request_is_stored_exactly_or_refused_naming_its_field_with_nothing_written(string name, RecordRequest request, string field, string problem)
        {
            using var t = new TempStore();
            var recorder = new CallRecorder(t.Store, pricer: null, context: new CallContext("p", null, "h"));
            if (field.Length == 0)
            {
                var stored = recorder.Record(request);
                var back = Assert.Single(t.Store.Query());
                Assert.Equal(stored, back);
                Assert.Equal(request.InputTokens, back.Tokens.Input);
                Assert.Equal(request.CacheCreation1hInputTokens, back.Tokens.CacheCreation1hInput);
                Assert.Equal(request.ReasoningTokens, back.Tokens.Reasoning);
                Assert.Equal(request.CostUsd, back.CostUsd);
                Assert.Equal(request.DurationMs, back.DurationMs);
                return;
            }
            var ex = Assert.Throws<TelemetryValidationException>(() => recorder.Record(request));
            Assert.True(field == ex.Field, $"{name}: refused as {ex.Field}: {ex.Message}");
            Assert.Contains(problem, ex.Message);
            Assert.Empty(t.Store.Days());
        }

        [Theory]
        [MemberData(nameof(Prices))]
        public void A_price_no_call_can_have_is_refused_naming_the_tokens(string name, double price, string problem)
        {
            using var t = new TempStore();
            var recorder = new CallRecorder(t.Store, new LlmTelemetry.Tests.Support.TestPricer((model, tokens, at) => price), context: new CallContext("p", null, "h"));
            if (problem.Length == 0)
            {
                Assert.Equal(price, recorder.Record(Base).CostUsd);
                return;
            }
            var ex = Assert.Throws<TelemetryValidationException>(() => recorder.Record(Base));
            Assert.True(ex.Field == "tokens", name + ": " + ex.Message);
            Assert.Contains("the registry prices these tokens of m at", ex.Message);
            Assert.Contains(problem, ex.Message);
            Assert.Empty(t.Store.Days());
        }

        [Theory]
        [MemberData(nameof(StoredLines))]
        public void A_stored_line_no_call_can_have_is_skipped_and_every_report_stays_finite(string name, string line, string field)
        {
            using var t = new TempStore();
            var good = t.Store.Append(TempStore.Call(At, cost: 0.009, input: 100, output: 50));
            var file = Path.Combine(t.StoreRoot, "2026-11-20", DayPartition.DataFile);
            File.AppendAllText(file, line + "\n");

            var diagnostics = new ReadDiagnostics(collectDetails: true);
            Assert.Equal(new[] { good }, t.Store.Query(null, diagnostics).ToArray());
            var skipped = Assert.Single(diagnostics.Details);
            Assert.Equal(2, skipped.Line);
            if (field.Length > 0) Assert.True(skipped.Problem.StartsWith("invalid " + field + ":", StringComparison.Ordinal), name + ": " + skipped.Problem);

            // Summaries (whole past days) and scans (a filter) agree: the good call only, and the skip is counted.
            var range = new DateRange(new DateTime(2026, 11, 20), new DateTime(2026, 11, 20), TimeZoneInfo.Utc);
            foreach (var query in new[]
            {
                new RecordQuery { Range = range, Zone = TimeZoneInfo.Utc },
                new RecordQuery { Range = range, Zone = TimeZoneInfo.Utc, Filter = new RecordFilter { Models = new[] { "*" } } },
            })
            {
                var report = CostReporter.Run(t.Store, query);
                Assert.Equal(1, report.Total.Calls);
                Assert.Equal(150, report.Total.TotalTokens);
                Assert.Equal(0.009, report.Total.CostUsd, 12);
                Assert.Equal(1, report.SkippedLines);
            }
            var stats = UsageStatsCalculator.Run(t.Store, new RecordQuery { Range = range, Zone = TimeZoneInfo.Utc });
            Assert.Equal((1L, 150L, 1L), (stats.Calls, stats.TotalTokens, stats.SkippedLines));
            Assert.Equal(0.009, stats.CostUsd, 12);
        }

        /// <summary>Records built in code skip validation; the sums still refuse to wrap or to reach infinity, naming the group.</summary>
        public static IEnumerable<object[]> Overflows()
        {
            TelemetryRecord Raw(long input = 1, double? cost = 0.01, long? duration = 5, string model = "m", long output = 0)
                => TempStore.Call(At, model: model) with
                {
                    Tokens = new TokenUsage { Input = input, Output = output, Total = unchecked(input + output) },
                    CostUsd = cost,
                    DurationMs = duration,
                };
            var big = 5_000_000_000_000_000_000;
            yield return new object[] { "input 5e18 twice", new[] { Raw(big), Raw(big) }, "input_tokens" };
            yield return new object[] { "input Int64.MaxValue and 1", new[] { Raw(long.MaxValue), Raw(1) }, "input_tokens" };
            yield return new object[] { "output 5e18 twice", new[] { Raw(output: big), Raw(output: big) }, "output_tokens" };
            yield return new object[] { "a cost of 1e308 twice", new[] { Raw(cost: 1e308), Raw(cost: 1e308) }, "cost_usd" };
            yield return new object[] { "a cost of double.MaxValue twice", new[] { Raw(cost: double.MaxValue), Raw(cost: double.MaxValue) }, "cost_usd" };
            yield return new object[] { "an infinite cost", new[] { Raw(cost: double.PositiveInfinity) }, "cost_usd" };
            yield return new object[] { "a NaN cost", new[] { Raw(cost: double.NaN) }, "cost_usd" };
            yield return new object[] { "a duration of Int64.MaxValue twice", new[] { Raw(duration: long.MaxValue), Raw(duration: long.MaxValue) }, "duration_ms" };
            yield return new object[] { "input Int64.MinValue twice", new[] { Raw(long.MinValue), Raw(long.MinValue) }, "input_tokens" };
        }

        [Theory]
        [MemberData(nameof(Overflows))]
        public void An_aggregate_refuses_a_sum_it_cannot_hold_naming_the_field_and_group(string name, TelemetryRecord[] records, string field)
        {
            var byModel = new CostAggregator(new[] { GroupKey.Model }, TimeZoneInfo.Utc);
            var ex = Assert.ThrowsAny<TelemetryException>(() => { foreach (var r in records) byModel.Add(r); });
            Assert.Equal(TelemetryErrorCode.TotalOverflow, ex.Code);
            Assert.True(ex.Message.StartsWith("cannot total " + field + " for the group model=m:", StringComparison.Ordinal), name + ": " + ex.Message);

            var all = new CostAggregator(null, TimeZoneInfo.Utc);
            Assert.Contains("cannot total " + field + " for all records:", Assert.ThrowsAny<TelemetryException>(() => { foreach (var r in records) all.Add(r); }).Message);

            var stats = new UsageStatsCalculator(TimeZoneInfo.Utc);
            Assert.Contains("cannot total " + field + " for all calls in the range:", Assert.ThrowsAny<TelemetryException>(() => { foreach (var r in records) stats.Add(r); }).Message);
        }

        [Fact]
        public void Groups_that_are_each_fine_but_overflow_together_fail_the_total_naming_it()
        {
            var byModel = new CostAggregator(new[] { GroupKey.Model }, TimeZoneInfo.Utc);
            foreach (var model in new[] { "a", "b" })
                byModel.Add(TempStore.Call(At, model: model) with { Tokens = new TokenUsage { Input = long.MaxValue - 10, Total = long.MaxValue - 10 } });
            Assert.Equal(2, byModel.Rows().Count);
            var ex = Assert.ThrowsAny<TelemetryException>(() => byModel.Total());
            Assert.StartsWith("cannot total input_tokens for the total of all groups:", ex.Message);
        }
    }
}
