using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using LlmTelemetry.Providers;
using Xunit;

namespace LlmTelemetry.Tests.Providers
{
    /// <summary>The pieces under the client: SSE framing, cache markers, Retry-After, scrubbing.</summary>
    public sealed class ProtocolUnitTests
    {
        private static async Task<SseEvent[]> ReadAll(string text)
        {
            var reader = new SseReader(new StringReader(text));
            var events = new System.Collections.Generic.List<SseEvent>();
            SseEvent? e;
            while ((e = await reader.ReadAsync()) is not null) events.Add(e);
            return events.ToArray();
        }

        [Fact]
        public async Task Sse_joins_multi_line_data_and_skips_comments_and_unknown_fields()
        {
            var events = await ReadAll(": keep-alive\r\n\r\nevent: a\r\ndata: line one\r\ndata:line two\r\nid: 7\r\nretry: 10\r\n\r\n: OPENROUTER PROCESSING\n\ndata: [DONE]");

            Assert.Equal(2, events.Length);
            Assert.Equal("a", events[0].EventName);
            Assert.Equal("line one\nline two", events[0].Data);
            Assert.Null(events[1].EventName);
            Assert.Equal("[DONE]", events[1].Data); // the last event counts without its closing blank line
        }

        [Fact]
        public async Task Sse_event_name_does_not_leak_into_the_next_event()
        {
            var events = await ReadAll("event: ping\n\ndata: {}\n\n");
            Assert.Single(events);
            Assert.Null(events[0].EventName);
        }

        [Theory]
        [InlineData("claude-sonnet-4-5", 1024)]
        [InlineData("claude-sonnet-4-20250514", 1024)]
        [InlineData("claude-3-7-sonnet-20250219", 1024)]
        [InlineData("claude-sonnet-4-6", 2048)]
        [InlineData("claude-opus-4-1", 1024)]
        [InlineData("claude-opus-4-5-20251101", 4096)]
        [InlineData("claude-opus-4-6", 4096)]
        [InlineData("claude-haiku-4-5", 4096)]
        [InlineData("claude-3-5-haiku-20241022", 2048)]
        [InlineData("claude-3-haiku-20240307", 2048)]
        [InlineData("haiku", 2048)]
        [InlineData("something-else", 1024)]
        public void Cache_minimum_follows_the_model(string model, int minimum)
            => Assert.Equal(minimum, AnthropicCaching.MinimumCacheableTokens(model));

        /// <summary>A system prompt of short words: the estimator counts each word (with its leading space) as one token.</summary>
        [Theory]
        [InlineData("claude-sonnet-4-5", 1023, null, false)]
        [InlineData("claude-sonnet-4-5", 1024, null, true)]
        [InlineData("claude-haiku-4-5", 4095, null, false)]
        [InlineData("claude-haiku-4-5", 4096, null, true)]
        [InlineData("claude-sonnet-4-5", 3, true, true)]
        [InlineData("claude-sonnet-4-5", 2048, false, false)]
        public void The_system_prompt_gets_cache_control_when_asked_or_long_enough(string model, int words, bool? requested, bool cached)
        {
            var prompt = "rule" + string.Concat(Enumerable.Repeat(" rule", words - 1));
            Assert.Equal(words, LlmTelemetry.Pricing.TokenEstimator.EstimateTokens(prompt, model));
            var request = new ChatRequest
            {
                Model = model,
                SystemPrompt = prompt,
                Messages = new[] { ChatMessage.User("hi") },
                CacheSystemPrompt = requested,
            };
            using var body = JsonDocument.Parse(AnthropicProvider.BuildBody(request, 1000));
            var system = body.RootElement.GetProperty("system");
            if (cached)
            {
                Assert.Equal(JsonValueKind.Array, system.ValueKind);
                Assert.Equal("ephemeral", system[0].GetProperty("cache_control").GetProperty("type").GetString());
                Assert.False(system[0].GetProperty("cache_control").TryGetProperty("ttl", out _));
                Assert.Equal(prompt, system[0].GetProperty("text").GetString());
            }
            else
            {
                Assert.Equal(JsonValueKind.String, system.ValueKind);
            }
        }

        [Fact]
        public void The_one_hour_lifetime_is_asked_for_with_ttl_and_system_messages_join_the_system_prompt()
        {
            var request = new ChatRequest
            {
                Model = "claude-sonnet-4-5",
                SystemPrompt = "Rules.",
                Messages = new[] { ChatMessage.System("More rules."), ChatMessage.User("hi"), ChatMessage.Assistant("hello"), ChatMessage.User("bye") },
                CacheSystemPrompt = true,
                CacheLifetime = CacheLifetime.OneHour,
                StopSequences = new[] { "STOP" },
                Temperature = 0.5,
            };
            using var body = JsonDocument.Parse(AnthropicProvider.BuildBody(request, 1000));
            var root = body.RootElement;
            Assert.Equal("1h", root.GetProperty("system")[0].GetProperty("cache_control").GetProperty("ttl").GetString());
            Assert.Equal("Rules.\n\nMore rules.", root.GetProperty("system")[0].GetProperty("text").GetString());
            Assert.Equal(new[] { "user", "assistant", "user" }, root.GetProperty("messages").EnumerateArray().Select(m => m.GetProperty("role").GetString()));
            Assert.Equal(1000, root.GetProperty("max_tokens").GetInt32());
            Assert.Equal("STOP", root.GetProperty("stop_sequences")[0].GetString());
            Assert.Equal(0.5, root.GetProperty("temperature").GetDouble());
            Assert.False(root.TryGetProperty("stream", out _));
        }

        [Fact]
        public void Retry_after_reads_seconds_dates_and_milliseconds()
        {
            var now = new DateTimeOffset(2026, 11, 23, 1, 0, 0, TimeSpan.Zero);
            Assert.Equal(TimeSpan.FromSeconds(3), RetryPolicy.ParseRetryAfter("3", now));
            Assert.Equal(TimeSpan.FromSeconds(1.5), RetryPolicy.ParseRetryAfter("1.5", now));
            Assert.Equal(TimeSpan.FromSeconds(20), RetryPolicy.ParseRetryAfter("Mon, 23 Nov 2026 01:00:20 GMT", now));
            Assert.Equal(TimeSpan.Zero, RetryPolicy.ParseRetryAfter("Mon, 23 Nov 2026 00:59:00 GMT", now));
            Assert.Null(RetryPolicy.ParseRetryAfter("soon", now));
            Assert.Null(RetryPolicy.ParseRetryAfter("-1", now));

            using var response = new HttpResponseMessage(HttpStatusCode.TooManyRequests);
            response.Headers.TryAddWithoutValidation("Retry-After", "7");
            Assert.Equal(TimeSpan.FromSeconds(7), RetryPolicy.ParseRetryAfter(response, now));
            response.Headers.TryAddWithoutValidation("retry-after-ms", "250");
            Assert.Equal(TimeSpan.FromMilliseconds(250), RetryPolicy.ParseRetryAfter(response, now));
        }

        [Theory]
        [InlineData(408, true)]
        [InlineData(409, true)]
        [InlineData(429, true)]
        [InlineData(500, true)]
        [InlineData(503, true)]
        [InlineData(529, true)]
        [InlineData(400, false)]
        [InlineData(401, false)]
        [InlineData(403, false)]
        [InlineData(404, false)]
        public void Retryable_statuses(int status, bool retryable) => Assert.Equal(retryable, RetryPolicy.IsRetryableStatus(status));

        [Fact]
        public void Backoff_is_full_jitter_under_the_exponential_ceiling()
        {
            var options = new RetryOptions { BaseDelay = TimeSpan.FromMilliseconds(100), MaxDelay = TimeSpan.FromMilliseconds(300) };
            for (int i = 0; i < 200; i++)
            {
                Assert.InRange(RetryPolicy.Backoff(options, 1).TotalMilliseconds, 0, 100);
                Assert.InRange(RetryPolicy.Backoff(options, 2).TotalMilliseconds, 0, 200);
                Assert.InRange(RetryPolicy.Backoff(options, 6).TotalMilliseconds, 0, 300);
            }
            var spread = Enumerable.Range(0, 200).Select(_ => RetryPolicy.Backoff(options, 3).TotalMilliseconds).ToArray();
            Assert.True(spread.Max() - spread.Min() > 100, "waits are spread, not fixed");
        }

        [Theory]
        [InlineData("key is THE-KEY-VALUE-123 here", "THE-KEY-VALUE-123", "key is [redacted] here")]
        [InlineData("Incorrect API key provided: sk-proj-****abcd.", null, "Incorrect API key provided: [redacted].")]
        [InlineData("Authorization: Bearer abc.def-ghi", null, "Authorization: Bearer [redacted]")]
        [InlineData("{\"x-api-key\": \"anything-at-all\"}", null, "{\"x-api-key\": \"[redacted]\"}")]
        [InlineData("no secrets in here, ask-me-later", "k", "no secrets in here, ask-me-later")]
        public void Scrubber_removes_the_key_and_key_shaped_text(string text, string? key, string expected)
            => Assert.Equal(expected, SecretScrubber.Scrub(text, key));

        [Fact]
        public void Provider_options_never_print_the_key()
        {
            var a = new AnthropicProviderOptions { ApiKey = "sk-ant-hidden-1234567" };
            var o = new OpenAIProviderOptions { ApiKey = "sk-proj-hidden-1234567" };
            Assert.DoesNotContain("hidden", a.ToString());
            Assert.DoesNotContain("hidden", o.ToString());
            Assert.DoesNotContain("hidden", Encoding.UTF8.GetString(AnthropicProvider.BuildBody(new ChatRequest { Model = "m", Messages = new[] { ChatMessage.User("x") } }, 1)));
        }
    }
}
