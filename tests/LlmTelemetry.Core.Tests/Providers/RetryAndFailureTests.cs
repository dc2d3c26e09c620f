using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LlmTelemetry.Providers;
using LlmTelemetry.Records;
using LlmTelemetry.Tests.Providers.Support;
using Xunit;

namespace LlmTelemetry.Tests.Providers
{
    /// <summary>Retries, give-ups, timeouts and cancellation: each call ends in exactly one record.</summary>
    public sealed class RetryAndFailureTests
    {
        private const string RateLimited = "{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}";

        [Fact]
        public async Task Rate_limit_with_retry_after_is_retried_after_the_stated_delay_and_recorded_once()
        {
            await using var server = new LoopbackServer(
                Respond.Json(RateLimited, 429, new Dictionary<string, string> { ["Retry-After"] = "1" }),
                Respond.Fixture("anthropic-messages.json"));
            var h = new Harness();
            using var client = h.Client(server);

            var result = await client.ChatAsync(Harness.Request("claude-sonnet-4-5"));

            Assert.Equal(new[] { TimeSpan.FromSeconds(1) }, h.Waits);
            Assert.Equal(2, server.Requests.Count);
            Assert.Equal(2, result.Attempts);
            Assert.Equal(TokenUsage.Create(input: 406, output: 50), result.Usage);
            var record = h.Sink.Records.Single();
            Assert.True(record.Success);
            Assert.NotNull(record.DurationMs);
            using var payload = JsonDocument.Parse(record.Payload!.Json);
            Assert.Equal(2, payload.RootElement.GetProperty("attempts").GetInt32());
            Assert.Contains(h.Log, l => l.Contains($"claude-sonnet-4-5 at {server.BaseUri}, attempt 1 of 3"));
            Assert.Contains(h.Log, l => l.Contains("HTTP 429") && l.Contains("rate_limit_error: slow down"));
            Assert.Contains(h.Log, l => l.Contains("retrying in 1 s (as the provider asked)"));
            Assert.Contains(h.Log, l => l.Contains("attempt 2 of 3"));
        }

        [Fact]
        public async Task Retry_after_ms_and_overloaded_529_are_honoured()
        {
            await using var server = new LoopbackServer(
                Respond.Json("{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}", 529,
                    new Dictionary<string, string> { ["retry-after-ms"] = "40", ["Retry-After"] = "30" }),
                Respond.Fixture("anthropic-messages.json"));
            var h = new Harness();
            using var client = h.Client(server);

            var result = await client.ChatAsync(Harness.Request("claude-sonnet-4-5"));

            // retry-after-ms wins over the coarser Retry-After.
            Assert.Equal(new[] { TimeSpan.FromMilliseconds(40) }, h.Waits);
            Assert.Equal(2, result.Attempts);
            Assert.Contains(h.Log, l => l.Contains("retrying in 40 ms"));
        }

        [Fact]
        public async Task Repeated_server_errors_give_up_at_the_attempt_bound_with_one_failed_record()
        {
            await using var server = new LoopbackServer(Respond.Json("{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}", 500));
            var h = new Harness();
            using var client = h.Client(server);

            var ex = await Assert.ThrowsAsync<ProviderException>(() => client.ChatAsync(Harness.Request("gpt-4o")));

            Assert.Equal(3, server.Requests.Count);
            Assert.Equal(500, ex.StatusCode);
            Assert.Equal(ProviderErrorKind.Http, ex.Kind);
            Assert.Equal("openai", ex.Provider);
            Assert.Equal("server_error: The server had an error", ex.ProviderError);
            Assert.Equal(TelemetryErrorCode.ProviderError, ex.Code);
            var record = h.Sink.Records.Single();
            Assert.False(record.Success);
            Assert.Equal("openai", record.Provider);
            Assert.Equal("gpt-4o", record.Model);
            Assert.StartsWith("http 500: openai returned HTTP 500", record.Metadata.Error);
            Assert.Equal(TokenUsage.Zero, record.Tokens);
            Assert.Null(record.CostUsd);
            Assert.Null(record.ResponseHash);
            Assert.NotNull(record.PromptHash);
            using var payload = JsonDocument.Parse(record.Payload!.Json);
            Assert.Equal(3, payload.RootElement.GetProperty("attempts").GetInt32());
            Assert.Contains(h.Log, l => l.Contains("giving up after 3 attempts"));
        }

        [Fact]
        public async Task Unauthorized_is_not_retried_and_is_a_clear_error()
        {
            await using var server = new LoopbackServer(Respond.Json("{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key\"}}", 401));
            var h = new Harness();
            using var client = h.Client(server);

            var ex = await Assert.ThrowsAsync<ProviderException>(() => client.ChatAsync(Harness.Request("claude-haiku-4-5")));

            Assert.Single(server.Requests);
            Assert.Equal(401, ex.StatusCode);
            Assert.False(ex.IsRetryable);
            Assert.Equal("anthropic returned HTTP 401 Unauthorized: authentication_error: invalid x-api-key", ex.Message);
            Assert.Equal("authentication_error: invalid x-api-key", ex.ProviderError);
            var record = h.Sink.Records.Single();
            Assert.False(record.Success);
            Assert.Equal("http 401: anthropic returned HTTP 401 Unauthorized: authentication_error: invalid x-api-key", record.Metadata.Error);
        }

        [Theory]
        [InlineData(400)]
        [InlineData(403)]
        [InlineData(404)]
        public async Task Client_errors_are_never_retried(int status)
        {
            await using var server = new LoopbackServer(Respond.Json("{\"error\":{\"message\":\"no\"}}", status));
            var h = new Harness();
            using var client = h.Client(server);

            var ex = await Assert.ThrowsAsync<ProviderException>(() => client.ChatAsync(Harness.Request("gpt-4o")));

            Assert.Equal(status, ex.StatusCode);
            Assert.Single(server.Requests);
            Assert.Single(h.Sink.Records);
        }

        [Theory]
        [InlineData("claude-sonnet-4-5", "anthropic")]
        [InlineData("gpt-4o", "openai")]
        [InlineData("mistralai/mistral-7b", "openrouter")]
        public async Task A_malformed_body_is_a_clear_error_naming_the_provider(string model, string provider)
        {
            await using var server = new LoopbackServer(Respond.Json("<html>upstream proxy error</html>"));
            var h = new Harness();
            using var client = h.Client(server);

            var ex = await Assert.ThrowsAsync<ProviderException>(() => client.ChatAsync(Harness.Request(model)));

            Assert.Equal(ProviderErrorKind.InvalidResponse, ex.Kind);
            Assert.StartsWith(provider + " returned a response that is not valid JSON", ex.Message);
            Assert.Contains("<html>upstream proxy error</html>", ex.Message);
            Assert.Single(server.Requests);
            var record = h.Sink.Records.Single();
            Assert.False(record.Success);
            Assert.StartsWith("invalid response: " + provider, record.Metadata.Error);
        }

        [Fact]
        public async Task Valid_json_that_is_not_a_message_is_a_clear_error()
        {
            await using var server = new LoopbackServer(Respond.Json("{\"hello\":\"world\"}"));
            var h = new Harness();
            using var client = h.Client(server);

            var ex = await Assert.ThrowsAsync<ProviderException>(() => client.ChatAsync(Harness.Request("claude-sonnet-4-5")));

            Assert.Equal("anthropic returned a response that is not a message (no content array); it begins: {\"hello\":\"world\"}", ex.Message);
        }

        [Fact]
        public async Task A_stalled_server_is_cut_off_by_the_timeout()
        {
            await using var server = new LoopbackServer(Respond.Stall());
            var h = new Harness();
            using var client = h.Client(server);

            var ex = await Assert.ThrowsAsync<ProviderException>(() =>
                client.ChatAsync(Harness.Request("claude-sonnet-4-5") with { Timeout = TimeSpan.FromMilliseconds(300) }));

            Assert.Equal(ProviderErrorKind.Timeout, ex.Kind);
            Assert.Equal("anthropic did not finish within the 300 ms timeout", ex.Message);
            var record = h.Sink.Records.Single();
            Assert.False(record.Success);
            Assert.Equal("timeout: anthropic did not finish within the 300 ms timeout", record.Metadata.Error);
            Assert.Single(server.Requests);
        }

        [Fact]
        public async Task A_stream_that_stalls_midway_is_cut_off_by_the_timeout_and_keeps_the_billed_tokens()
        {
            string first = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"model\":\"claude-sonnet-4-5\",\"usage\":{\"input_tokens\":10,\"output_tokens\":1}}}\n\n"
                + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hel\"}}\n\n";
            await using var server = new LoopbackServer(Respond.StallMidStream(first));
            // The timeout covers the whole call, so it must leave a loaded CI machine time to deliver the first part.
            var h = new Harness();
            using var client = h.Client(server);
            var text = new TextCollector();

            var ex = await Assert.ThrowsAsync<ProviderException>(() =>
                client.ChatAsync(Harness.Request("claude-sonnet-4-5", stream: true) with { Timeout = TimeSpan.FromSeconds(2), TextDeltas = text }));

            Assert.Equal(ProviderErrorKind.Timeout, ex.Kind);
            Assert.Equal(new[] { "Hel" }, text.Pieces);
            var record = h.Sink.Records.Single();
            Assert.StartsWith("timeout:", record.Metadata.Error);
            // The prompt was billed once message_start arrived: the failed record says so.
            Assert.Equal(TokenUsage.Create(input: 10, output: 1), record.Tokens);
            Assert.Equal(10 * FakePricing.Input + 1 * FakePricing.Output, record.CostUsd!.Value, 12);
        }

        [Fact]
        public async Task Caller_cancellation_is_recorded_as_cancelled()
        {
            await using var server = new LoopbackServer(Respond.Stall());
            var h = new Harness();
            using var client = h.Client(server);
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ChatAsync(Harness.Request("gpt-4o"), cts.Token));

            var record = h.Sink.Records.Single();
            Assert.False(record.Success);
            Assert.Equal("cancelled", record.Metadata.Error);
            Assert.Equal("openai", record.Provider);
        }

        [Fact]
        public async Task Caller_cancellation_mid_stream_is_recorded_as_cancelled()
        {
            await using var server = new LoopbackServer(Respond.StallMidStream(
                "data: {\"id\":\"c1\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hi\"}}]}\n\n"));
            var h = new Harness();
            using var client = h.Client(server);
            using var cts = new CancellationTokenSource();
            var text = new CancelOnFirstText(cts);

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                client.ChatAsync(Harness.Request("gpt-4o", stream: true) with { TextDeltas = text }, cts.Token));

            Assert.Equal("cancelled", h.Sink.Records.Single().Metadata.Error);
        }

        [Fact]
        public async Task Cancellation_during_a_retry_wait_is_recorded_as_cancelled()
        {
            await using var server = new LoopbackServer(Respond.Json(RateLimited, 429, new Dictionary<string, string> { ["Retry-After"] = "30" }));
            using var cts = new CancellationTokenSource();
            // Cancel exactly when the client starts waiting out the Retry-After, not after a guessed delay.
            var h = new Harness { OnLog = line => { if (line.Contains("retrying in")) cts.Cancel(); } };
            using var client = h.Client(server, retry: new RetryOptions { MaxAttempts = 3, MaxRetryAfter = TimeSpan.FromSeconds(60) });

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.ChatAsync(Harness.Request("claude-sonnet-4-5"), cts.Token));

            Assert.Single(server.Requests);
            Assert.Equal("cancelled", h.Sink.Records.Single().Metadata.Error);
        }

        [Fact]
        public async Task A_retry_after_longer_than_allowed_ends_the_call()
        {
            await using var server = new LoopbackServer(Respond.Json(RateLimited, 429, new Dictionary<string, string> { ["Retry-After"] = "120" }));
            var h = new Harness();
            using var client = h.Client(server);

            var ex = await Assert.ThrowsAsync<ProviderException>(() => client.ChatAsync(Harness.Request("claude-sonnet-4-5")));

            Assert.Equal(429, ex.StatusCode);
            Assert.Equal(TimeSpan.FromSeconds(120), ex.RetryAfter);
            Assert.Single(server.Requests);
            Assert.Single(h.Sink.Records);
        }

        [Fact]
        public async Task Connection_failures_are_retried()
        {
            // A port that was just free: nothing listens, so every attempt is refused.
            var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
            probe.Start();
            int port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            await using var server = new LoopbackServer(Respond.Stall());
            var h = new Harness();
            using var client = h.Client(server);

            var ex = await Assert.ThrowsAsync<ProviderException>(() =>
                client.ChatAsync(Harness.Request("llama3") with { BaseUri = new Uri($"http://127.0.0.1:{port}/v1/") }));

            Assert.Equal(ProviderErrorKind.Network, ex.Kind);
            Assert.StartsWith($"could not reach openai-compatible at http://127.0.0.1:{port}/v1/chat/completions", ex.Message);
            Assert.Equal(3, h.Log.Count(l => l.Contains("attempt") && l.Contains("failed")));
            Assert.Single(h.Sink.Records);
        }

        [Fact]
        public async Task A_sink_failure_is_a_warning_and_the_call_still_succeeds()
        {
            await using var server = new LoopbackServer(Respond.Fixture("anthropic-messages.json"));
            var h = new Harness { Sink = new CapturingSink { Fail = true } };
            using var client = h.Client(server);

            var result = await client.ChatAsync(Harness.Request("claude-sonnet-4-5"));

            Assert.Equal(456, result.Usage.Total);
            Assert.Null(result.Record);
            Assert.Contains(h.Warnings, w => w.Contains("the call was not recorded: disk full (test)"));
        }

        [Fact]
        public async Task A_missing_key_names_the_variable_and_sends_nothing()
        {
            await using var server = new LoopbackServer(Respond.Fixture("anthropic-messages.json"));
            var h = new Harness();
            using var client = h.Client(server, environment: new Dictionary<string, string?> { ["OPENAI_API_KEY"] = "x" });

            var ex = await Assert.ThrowsAsync<ProviderException>(() => client.ChatAsync(Harness.Request("claude-sonnet-4-5")));

            Assert.Equal(ProviderErrorKind.MissingKey, ex.Kind);
            Assert.StartsWith("ANTHROPIC_API_KEY is not set", ex.Message);
            Assert.Empty(server.Requests);
            Assert.StartsWith("missing key: ANTHROPIC_API_KEY", h.Sink.Records.Single().Metadata.Error);
        }

        [Fact]
        public async Task An_error_event_in_a_stream_is_a_provider_error()
        {
            await using var server = new LoopbackServer(Respond.Stream(new[]
            {
                "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"invalid_request_error\",\"message\":\"bad things\"}}\n\n",
            }));
            var h = new Harness();
            using var client = h.Client(server);

            var ex = await Assert.ThrowsAsync<ProviderException>(() => client.ChatAsync(Harness.Request("claude-sonnet-4-5", stream: true)));

            Assert.Equal("anthropic sent an error in the stream: invalid_request_error: bad things", ex.Message);
            Assert.Single(server.Requests);
        }

        [Fact]
        public async Task A_stream_cut_short_is_an_error_not_a_short_answer()
        {
            await using var server = new LoopbackServer(Respond.Stream(Fixtures.SseFile("anthropic-messages-stream.txt").Take(3).ToArray()));
            var h = new Harness();
            using var client = h.Client(server, retry: new RetryOptions { MaxAttempts = 1 });

            var ex = await Assert.ThrowsAsync<ProviderException>(() => client.ChatAsync(Harness.Request("claude-sonnet-4", stream: true)));

            Assert.Equal(ProviderErrorKind.Network, ex.Kind);
            Assert.Contains("ended before message_stop", ex.Message);
        }

        [Fact]
        public async Task A_timeout_that_is_not_positive_is_rejected_before_sending()
        {
            await using var server = new LoopbackServer(Respond.Stall());
            var h = new Harness();
            using var client = h.Client(server);

            await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => client.ChatAsync(Harness.Request("gpt-4o") with { Timeout = TimeSpan.Zero }));

            Assert.Empty(server.Requests);
            Assert.Empty(h.Sink.Records);
        }

        [Fact]
        public async Task An_error_object_in_a_200_answer_is_a_provider_error()
        {
            await using var server = new LoopbackServer(Respond.Json("\n\n{\"error\":{\"message\":\"No endpoints found for mistralai/nope\",\"code\":404}}"));
            var h = new Harness();
            using var client = h.Client(server);

            var ex = await Assert.ThrowsAsync<ProviderException>(() => client.ChatAsync(Harness.Request("mistralai/nope")));

            Assert.Equal("openrouter returned an error: No endpoints found for mistralai/nope", ex.Message);
            Assert.False(h.Sink.Records.Single().Success);
        }

        private sealed class CancelOnFirstText : IProgress<string>
        {
            private readonly CancellationTokenSource _cts;
            public CancelOnFirstText(CancellationTokenSource cts) => _cts = cts;
            public void Report(string value) => _cts.CancelAfter(50);
        }
    }
}
