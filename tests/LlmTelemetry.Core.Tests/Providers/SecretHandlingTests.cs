using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using LlmTelemetry.Providers;
using LlmTelemetry.Records;
using LlmTelemetry.Tests.Providers.Support;
using Xunit;

namespace LlmTelemetry.Tests.Providers
{
    /// <summary>The API key reaches the provider and nothing else: not the record, not the error, not the verbose output.</summary>
    public sealed class SecretHandlingTests
    {
        [Theory]
        [InlineData("claude-sonnet-4-5", "ANTHROPIC_API_KEY", "sk-ant-api03-Zq9DistinctiveFakeKey-7731-xyzzy")]
        [InlineData("gpt-4o", "OPENAI_API_KEY", "sk-proj-Zq9DistinctiveFakeKey-7731-xyzzy")]
        [InlineData("meta-llama/llama-3.1-8b-instruct", "OPENROUTER_API_KEY", "sk-or-v1-Zq9DistinctiveFakeKey-7731-xyzzy")]
        // Not shaped like a known key: only the exact-match scrub can catch it.
        [InlineData("gpt-4o", "OPENAI_API_KEY", "plain-Zq9DistinctiveFakeKey-7731-xyzzy")]
        public async Task A_key_echoed_in_a_401_body_appears_in_no_error_record_or_log(string model, string variable, string key)
        {
            string body = "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"Incorrect API key provided: " + key
                + ". You can find your API key at https://example.invalid. Header was: Bearer " + key + "\"}}";
            await using var server = new LoopbackServer(Respond.Json(body, 401));
            var h = new Harness();
            using var client = h.Client(server, environment: new Dictionary<string, string?> { [variable] = key });

            var ex = await Assert.ThrowsAsync<ProviderException>(() => client.ChatAsync(Harness.Request(model)));

            // The key did reach the provider, so it is the scrubbing that keeps it out of the rest.
            var sent = server.Requests.Single();
            Assert.Contains(key, (sent.Header("x-api-key") ?? "") + (sent.Header("authorization") ?? ""));

            AssertNoKey(key, ex.ToString());
            AssertNoKey(key, ex.Message);
            AssertNoKey(key, ex.ProviderError ?? "");
            Assert.Contains("Incorrect API key provided: [redacted]", ex.Message);
            var record = h.Sink.Records.Single();
            AssertNoKey(key, RecordText(record));
            foreach (var line in h.Log.Concat(h.Warnings)) AssertNoKey(key, line);
            Assert.NotEmpty(h.Log);
        }

        [Fact]
        public async Task A_masked_key_in_an_error_is_scrubbed_too()
        {
            const string key = "sk-proj-Zq9DistinctiveFakeKey-7731-xyzzy";
            await using var server = new LoopbackServer(Respond.Json(
                "{\"error\":{\"message\":\"Incorrect API key provided: sk-proj-********************************xyzzy.\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}", 401));
            var h = new Harness();
            using var client = h.Client(server, environment: new Dictionary<string, string?> { ["OPENAI_API_KEY"] = key });

            var ex = await Assert.ThrowsAsync<ProviderException>(() => client.ChatAsync(Harness.Request("gpt-4o")));

            Assert.DoesNotContain("xyzzy", ex.Message);
            Assert.DoesNotContain("xyzzy", RecordText(h.Sink.Records.Single()));
        }

        [Fact]
        public async Task A_successful_call_keeps_the_key_out_of_record_and_log()
        {
            const string key = "sk-ant-api03-Zq9DistinctiveFakeKey-7731-xyzzy";
            await using var server = new LoopbackServer(Respond.Fixture("anthropic-messages.json"));
            var h = new Harness();
            using var client = h.Client(server, environment: new Dictionary<string, string?> { ["ANTHROPIC_API_KEY"] = key });

            var result = await client.ChatAsync(Harness.Request("claude-sonnet-4-5"));

            AssertNoKey(key, RecordText(result.Record!));
            AssertNoKey(key, result.ToString());
            foreach (var line in h.Log) AssertNoKey(key, line);
            Assert.DoesNotContain(LlmClient.DetectProviders(name => name == "ANTHROPIC_API_KEY" ? key : null), s => s.ToString().Contains(key));
        }

        /// <summary>The record as stored, and every property as text.</summary>
        private static string RecordText(TelemetryRecord record)
            => RecordSerializer.ToJson(record) + "\n" + record.ToString();

        private static void AssertNoKey(string key, string text)
        {
            Assert.DoesNotContain(key, text);
            Assert.DoesNotContain("Zq9DistinctiveFakeKey", text);
        }
    }
}
