using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using LlmTelemetry.Exporters;
using LlmTelemetry.Exporters.Otlp;
using LlmTelemetry.Exporters.Shipping;
using LlmTelemetry.Providers;
using LlmTelemetry.Records;
using LlmTelemetry.Tests.Providers.Support;
using Xunit;

namespace LlmTelemetry.Tests.Exporters.Otlp
{
    public sealed class OtlpSinkTests
    {
        private static readonly DateTimeOffset At = new DateTimeOffset(2026, 11, 20, 9, 30, 15, 123, TimeSpan.Zero);
        private static readonly RetryOptions Quick = RetryOptions.Default with { BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50) };

        private static List<TelemetryRecord> Batch() => new List<TelemetryRecord>
        {
            new TelemetryRecordBuilder().At(At).Model("claude-sonnet-4-5").Provider("anthropic").Agent("doc-finder").Operation("search")
                .Session("s1").User("ann").Project("alpha").Host("laptop").Tokens(input: 500, output: 200, cacheCreationInput: 100, cacheReadInput: 1200, reasoning: 40)
                .Cost(0.0125).DurationMs(1234).Build(),
            new TelemetryRecordBuilder().At(At.AddSeconds(5)).Model("gpt-4o-mini").Provider("openai").Agent("notes").Session("s2").User("bob")
                .Project("beta").Host("ci-box").Tokens(input: 30, output: 5).DurationMs(80).Success(false).Error("rate limited").Build(),
            new TelemetryRecordBuilder().At(At.AddSeconds(9)).EventType("session_start").Session("s3").Host("laptop").Build(),
        };

        [Fact]
        public async Task A_batch_becomes_log_records_and_delta_histograms_in_the_OTLP_JSON_mapping()
        {
            await using var receiver = new LoopbackServer(Respond.Json("{}"));
            var observed = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);
            using var sink = new OtlpSink(receiver.BaseUri, clock: () => observed);
            var batch = Batch();
            await sink.SendRecordsAsync(batch, default);
            Assert.Equal(new[] { "/v1/logs", "/v1/metrics" }, receiver.Requests.Select(r => r.Path));
            Assert.All(receiver.Requests, r => Assert.StartsWith("application/json", r.Header("content-type"), StringComparison.Ordinal));

            using var logs = JsonDocument.Parse(receiver.Requests[0].Body);
            CheckKeys(logs.RootElement);
            var resources = logs.RootElement.GetProperty("resourceLogs").EnumerateArray().ToList();
            Assert.Equal(new[] { "laptop", "ci-box" }, resources.Select(r => Attributes(r.GetProperty("resource"))["host.name"].GetProperty("stringValue").GetString()));
            var records = new List<JsonElement>();
            foreach (var resource in resources)
            {
                Assert.Equal("llm-telemetry", Attributes(resource.GetProperty("resource"))["service.name"].GetProperty("stringValue").GetString());
                var scope = Assert.Single(resource.GetProperty("scopeLogs").EnumerateArray());
                Assert.Equal("llm-telemetry", scope.GetProperty("scope").GetProperty("name").GetString());
                Assert.False(string.IsNullOrEmpty(scope.GetProperty("scope").GetProperty("version").GetString()));
                records.AddRange(scope.GetProperty("logRecords").EnumerateArray());
            }
            Assert.Equal(3, records.Count);
            foreach (var log in records)
            {
                Assert.Matches("^[0-9]+$", log.GetProperty("timeUnixNano").GetString()!);
                Assert.Equal(Nanos(observed), log.GetProperty("observedTimeUnixNano").GetString());
                Assert.False(log.TryGetProperty("traceId", out _));
                Assert.False(log.TryGetProperty("spanId", out _));
            }

            var first = records.Single(r => Attributes(r)["llm.id"].GetProperty("stringValue").GetString() == batch[0].Id);
            var a = Attributes(first);
            Assert.Equal(Nanos(batch[0].Timestamp), first.GetProperty("timeUnixNano").GetString());
            Assert.Equal((9, "INFO"), (first.GetProperty("severityNumber").GetInt32(), first.GetProperty("severityText").GetString()));
            Assert.Equal("llm_call", first.GetProperty("body").GetProperty("stringValue").GetString());
            Assert.Equal("chat", a["gen_ai.operation.name"].GetProperty("stringValue").GetString());
            Assert.Equal("anthropic", a["gen_ai.provider.name"].GetProperty("stringValue").GetString());
            Assert.Equal("claude-sonnet-4-5", a["gen_ai.request.model"].GetProperty("stringValue").GetString());
            // OTel's input includes the cached tokens: 500 + 1200 read + 100 written.
            Assert.Equal("1800", a["gen_ai.usage.input_tokens"].GetProperty("intValue").GetString());
            Assert.Equal("200", a["gen_ai.usage.output_tokens"].GetProperty("intValue").GetString());
            Assert.Equal("1200", a["gen_ai.usage.cache_read.input_tokens"].GetProperty("intValue").GetString());
            Assert.Equal("100", a["gen_ai.usage.cache_creation.input_tokens"].GetProperty("intValue").GetString());
            Assert.Equal("40", a["gen_ai.usage.reasoning.output_tokens"].GetProperty("intValue").GetString());
            Assert.Equal(0.0125, a["llm.cost_usd"].GetProperty("doubleValue").GetDouble());
            Assert.Equal("doc-finder", a["llm.agent_name"].GetProperty("stringValue").GetString());
            Assert.Equal("search", a["llm.operation"].GetProperty("stringValue").GetString());
            Assert.Equal("alpha", a["llm.project"].GetProperty("stringValue").GetString());
            Assert.Equal("s1", a["llm.session_id"].GetProperty("stringValue").GetString());
            Assert.Equal("ann", a["llm.user_id"].GetProperty("stringValue").GetString());
            Assert.Equal("laptop", a["llm.host"].GetProperty("stringValue").GetString());
            Assert.True(a["llm.success"].GetProperty("boolValue").GetBoolean());
            Assert.Equal("1234", a["llm.duration_ms"].GetProperty("intValue").GetString());
            Assert.False(a.ContainsKey("llm.error"));

            var failed = Attributes(records.Single(r => Attributes(r)["llm.id"].GetProperty("stringValue").GetString() == batch[1].Id));
            Assert.False(failed["llm.success"].GetProperty("boolValue").GetBoolean());
            Assert.Equal("rate limited", failed["llm.error"].GetProperty("stringValue").GetString());
            Assert.False(failed.ContainsKey("llm.cost_usd"));
            var failedLog = records.Single(r => Attributes(r)["llm.id"].GetProperty("stringValue").GetString() == batch[1].Id);
            Assert.Equal((17, "ERROR"), (failedLog.GetProperty("severityNumber").GetInt32(), failedLog.GetProperty("severityText").GetString()));
            var start = Attributes(records.Single(r => r.GetProperty("body").GetProperty("stringValue").GetString() == "session_start"));
            Assert.False(start.ContainsKey("gen_ai.operation.name"));

            using var metrics = JsonDocument.Parse(receiver.Requests[1].Body);
            CheckKeys(metrics.RootElement);
            var points = new List<(string Host, string Metric, string Unit, JsonElement Point)>();
            foreach (var resource in metrics.RootElement.GetProperty("resourceMetrics").EnumerateArray())
            {
                string host = Attributes(resource.GetProperty("resource"))["host.name"].GetProperty("stringValue").GetString()!;
                foreach (var metric in Assert.Single(resource.GetProperty("scopeMetrics").EnumerateArray()).GetProperty("metrics").EnumerateArray())
                {
                    var histogram = metric.GetProperty("histogram");
                    Assert.Equal(1, histogram.GetProperty("aggregationTemporality").GetInt32());
                    foreach (var point in histogram.GetProperty("dataPoints").EnumerateArray())
                        points.Add((host, metric.GetProperty("name").GetString()!, metric.GetProperty("unit").GetString()!, point));
                }
            }
            var input = points.Single(p => p.Host == "laptop" && p.Metric == "gen_ai.client.token.usage" && Attributes(p.Point)["gen_ai.token.type"].GetProperty("stringValue").GetString() == "input");
            Assert.Equal("{token}", input.Unit);
            CheckHistogram(input.Point, GenAiConventions.TokenUsageBounds, 1800);
            Assert.Equal("anthropic", Attributes(input.Point)["gen_ai.provider.name"].GetProperty("stringValue").GetString());
            Assert.Equal("claude-sonnet-4-5", Attributes(input.Point)["gen_ai.request.model"].GetProperty("stringValue").GetString());
            Assert.Equal("chat", Attributes(input.Point)["gen_ai.operation.name"].GetProperty("stringValue").GetString());
            CheckHistogram(points.Single(p => p.Host == "ci-box" && p.Metric == "gen_ai.client.token.usage" && Attributes(p.Point)["gen_ai.token.type"].GetProperty("stringValue").GetString() == "output").Point,
                GenAiConventions.TokenUsageBounds, 5);
            var duration = points.Single(p => p.Host == "laptop" && p.Metric == "gen_ai.client.operation.duration");
            Assert.Equal("s", duration.Unit);
            CheckHistogram(duration.Point, GenAiConventions.OperationDurationBounds, 1.234);
            CheckHistogram(points.Single(p => p.Host == "ci-box" && p.Metric == "gen_ai.client.operation.duration").Point, GenAiConventions.OperationDurationBounds, 0.08);
            // The session_start event is in no metric: two calls, two token types each, two durations.
            Assert.Equal(6, points.Count);
            Assert.All(points, p => Assert.Matches("^[0-9]+$", p.Point.GetProperty("startTimeUnixNano").GetString()!));
        }

        [Fact]
        public async Task A_503_then_200_is_retried_and_a_400_is_a_ShipException_naming_the_url()
        {
            await using (var flaky = new LoopbackServer(Respond.Json("{}", 503), Respond.Json("{}")))
            using (var sink = new OtlpSink(flaky.BaseUri, retry: Quick))
            {
                await sink.SendRecordsAsync(Batch(), default);
                Assert.Equal(new[] { "/v1/logs", "/v1/logs", "/v1/metrics" }, flaky.Requests.Select(r => r.Path));
                Assert.Equal(flaky.Requests[0].Body, flaky.Requests[1].Body);
            }
            await using var refusing = new LoopbackServer(Respond.Json("{\"message\":\"refused by the test\"}", 400));
            using var refused = new OtlpSink(refusing.BaseUri, retry: Quick);
            var ex = await Assert.ThrowsAsync<ShipException>(() => refused.SendRecordsAsync(Batch(), default));
            Assert.Equal("otlp", ex.Sink);
            Assert.Contains(refusing.BaseUri.Authority + "/v1/logs", ex.Message, StringComparison.Ordinal);
            Assert.Contains("HTTP 400", ex.Message, StringComparison.Ordinal);
            Assert.Single(refusing.Requests);
        }

        [Fact]
        public async Task Prepare_posts_an_empty_logs_request_and_rollup_days_are_skipped()
        {
            await using var receiver = new LoopbackServer(Respond.Json("{}"));
            using var sink = new OtlpSink(new Uri(receiver.BaseUri, "/otel/"));
            await sink.PrepareAsync(default);
            var request = Assert.Single(receiver.Requests);
            Assert.Equal(("POST", "/otel/v1/logs"), (request.Method, request.Path));
            Assert.Equal("{\"resourceLogs\":[]}", request.Body);
            Assert.False(await sink.SendRollupDayAsync(At.UtcDateTime.Date, Array.Empty<ShipRollupRow>(), default));
            Assert.Equal(("otlp", receiver.BaseUri.ToString().TrimEnd('/') + "/otel/"), (sink.Name, sink.Target));
        }

        [Fact]
        public void A_url_that_is_not_http_is_refused_naming_the_parameter()
        {
            var ex = Assert.Throws<TelemetryValidationException>(() => new OtlpSink(new Uri("ftp://collector:4318"), "Otlp"));
            Assert.Equal("Otlp", ex.Field);
        }

        private static void CheckHistogram(JsonElement point, double[] bounds, double value)
        {
            Assert.Equal("1", point.GetProperty("count").GetString());
            Assert.Equal(value, point.GetProperty("sum").GetDouble(), 9);
            Assert.Equal(bounds, point.GetProperty("explicitBounds").EnumerateArray().Select(b => b.GetDouble()));
            var counts = point.GetProperty("bucketCounts").EnumerateArray().Select(c => long.Parse(c.GetString()!, CultureInfo.InvariantCulture)).ToList();
            Assert.Equal(bounds.Length + 1, counts.Count);
            int expected = Array.FindIndex(bounds, b => value <= b);
            Assert.Equal(expected < 0 ? bounds.Length : expected, counts.IndexOf(1));
            Assert.Equal(1, counts.Sum());
        }

        private static Dictionary<string, JsonElement> Attributes(JsonElement owner)
            => owner.GetProperty("attributes").EnumerateArray().ToDictionary(a => a.GetProperty("key").GetString()!, a =>
            {
                var value = a.GetProperty("value");
                // Exactly one AnyValue field per value.
                var kind = Assert.Single(value.EnumerateObject());
                Assert.Contains(kind.Name, new[] { "stringValue", "intValue", "doubleValue", "boolValue" });
                if (kind.Name == "intValue") Assert.Equal(JsonValueKind.String, kind.Value.ValueKind);
                return value;
            });

        /// <summary>Every key lowerCamelCase, as the protobuf JSON mapping writes them (attribute keys are values, not keys).</summary>
        private static void CheckKeys(JsonElement element)
        {
            if (element.ValueKind == JsonValueKind.Array)
                foreach (var item in element.EnumerateArray()) CheckKeys(item);
            if (element.ValueKind != JsonValueKind.Object) return;
            foreach (var property in element.EnumerateObject())
            {
                Assert.Matches(new Regex("^[a-z][A-Za-z0-9]*$"), property.Name);
                CheckKeys(property.Value);
            }
        }

        private static string Nanos(DateTimeOffset at) => ((at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100).ToString(CultureInfo.InvariantCulture);
    }
}
