using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using LlmTelemetry.Providers;
using LlmTelemetry.Records;
using LlmTelemetry.Tests.Providers.Support;
using Xunit;

namespace LlmTelemetry.Tests.Providers
{
    /// <summary>Each provider against its recorded API bodies, served over real HTTP: normalised usage, cost and the stored record.</summary>
    public sealed class FixtureReplayTests
    {
        [Fact]
        public async Task Anthropic_message_is_normalised_priced_and_recorded()
        {
            await using var server = new LoopbackServer(Respond.Fixture("anthropic-messages.json", new Dictionary<string, string> { ["request-id"] = "req_test_1" }));
            var h = new Harness();
            using var client = h.Client(server);

            var result = await client.ChatAsync(Harness.Request("claude-sonnet-4-5"));

            Assert.Equal(ProviderKind.Anthropic, result.Provider);
            Assert.StartsWith("{\"items\":[{\"product_name\":\"Green Tea\"", result.Content);
            Assert.Equal("claude-sonnet-4-5-20250929", result.Model);
            Assert.Equal("end_turn", result.FinishReason);
            Assert.Equal("req_test_1", result.RequestId);
            Assert.Equal("msg_01T4jd6NyD9xGGtTPDC4ogy5", result.ResponseId);
            Assert.Equal(TokenUsage.Create(input: 406, output: 50), result.Usage);
            Assert.Equal(406 * FakePricing.Input + 50 * FakePricing.Output, result.CostUsd!.Value, 12);
            Assert.Null(result.TimeToFirstToken);
            Assert.Equal(1, result.Attempts);

            var sent = server.Requests.Single();
            Assert.Equal("POST", sent.Method);
            Assert.Equal("/v1/messages", sent.Path);
            Assert.Equal(Harness.AnthropicKey, sent.Header("x-api-key"));
            Assert.Equal("2023-06-01", sent.Header("anthropic-version"));
            using (var body = JsonDocument.Parse(sent.Body))
            {
                Assert.Equal("claude-sonnet-4-5", body.RootElement.GetProperty("model").GetString());
                Assert.Equal(256, body.RootElement.GetProperty("max_tokens").GetInt32());
                Assert.Equal("You are terse.", body.RootElement.GetProperty("system").GetString());
                Assert.Equal("user", body.RootElement.GetProperty("messages")[0].GetProperty("role").GetString());
            }

            var (record, prompt, response) = h.Sink.Calls.Single();
            Assert.Same(record, result.Record);
            Assert.True(record.Success);
            Assert.Equal("anthropic", record.Provider);
            Assert.Equal("claude-sonnet-4-5-20250929", record.Model);
            Assert.Equal(result.Usage, record.Tokens);
            Assert.Equal(456, record.Tokens.Total);
            Assert.Equal(result.CostUsd, record.CostUsd);
            Assert.Equal("test-agent", record.AgentName);
            Assert.Equal("greet", record.Operation);
            Assert.Equal("session-1", record.SessionId);
            Assert.Equal("llmtelemetry", record.Metadata.Project);
            Assert.Equal("test-host", record.Metadata.Host);
            Assert.Equal("test-branch", record.Metadata.GitBranch);
            Assert.Equal("tester", record.UserId);
            Assert.Equal("llmtelemetry", record.Metadata.Source);
            Assert.Null(record.Metadata.Error);
            Assert.True(record.DurationMs >= 0);
            Assert.Equal("system: You are terse.\n\nuser: Say hello.", prompt);
            Assert.Equal(result.Content, response);
            Assert.Equal(RecordIds.Sha256Hash(prompt!), record.PromptHash);
            Assert.Equal(RecordIds.Sha256Hash(result.Content), record.ResponseHash);
            using var payload = JsonDocument.Parse(record.Payload!.Json);
            Assert.Equal("claude-sonnet-4-5", payload.RootElement.GetProperty("requested_model").GetString());
            Assert.Equal("req_test_1", payload.RootElement.GetProperty("request_id").GetString());
            RecordValidator.Validate(record);
        }

        [Fact]
        public async Task Anthropic_stream_takes_text_deltas_and_the_final_message_delta_usage()
        {
            await using var server = new LoopbackServer(Respond.Stream(Fixtures.SseFile("anthropic-messages-stream.txt")));
            var h = new Harness();
            using var client = h.Client(server);
            var text = new TextCollector();

            var result = await client.ChatAsync(Harness.Request("claude-sonnet-4", stream: true) with { TextDeltas = text });

            Assert.Equal("I'll check the current weather in Paris for you.", result.Content);
            Assert.Equal(new[] { "I", "'ll check the current weather in Paris for you." }, text.Pieces);
            Assert.Equal("claude-sonnet-4-20250514", result.Model);
            Assert.Equal("tool_use", result.FinishReason);
            Assert.Equal("msg_019Q1hrJbZG26Fb9BQhrkHEr", result.ResponseId);
            // message_start says output 1; the later message_delta's 65 wins.
            Assert.Equal(TokenUsage.Create(input: 377, output: 65), result.Usage);
            Assert.True(result.Streamed);
            Assert.NotNull(result.TimeToFirstToken);
            Assert.True(result.TimeToFirstToken <= result.Latency);
            Assert.Equal(377 * FakePricing.Input + 65 * FakePricing.Output, result.CostUsd!.Value, 12);

            using (var body = JsonDocument.Parse(server.Requests.Single().Body))
                Assert.True(body.RootElement.GetProperty("stream").GetBoolean());
            var record = h.Sink.Records.Single();
            Assert.Equal(result.Usage, record.Tokens);
            using var payload = JsonDocument.Parse(record.Payload!.Json);
            Assert.True(payload.RootElement.GetProperty("stream").GetBoolean());
            Assert.True(payload.RootElement.TryGetProperty("ttft_ms", out _));
        }

        [Fact]
        public async Task Anthropic_stream_with_prompt_cache_records_cache_writes_and_reads()
        {
            await using var server = new LoopbackServer(Respond.Stream(Fixtures.SseFromDataLines("anthropic-messages-stream-prompt-cache.jsonl")));
            var h = new Harness();
            using var client = h.Client(server);

            var result = await client.ChatAsync(Harness.Request("claude-sonnet-5", stream: true));

            Assert.Equal("The sum of the squares of the numbers 1 through 12 is **650**.", result.Content);
            Assert.Equal("end_turn", result.FinishReason);
            var expected = TokenUsage.Create(input: 6, output: 198, cacheCreationInput: 3337, cacheCreation1hInput: 0, cacheReadInput: 6289, reasoning: 0);
            Assert.Equal(expected, result.Usage);
            Assert.Equal(FakePricing.Expected(expected), result.CostUsd!.Value, 12);
            Assert.Equal(expected, h.Sink.Records.Single().Tokens);
            Assert.Equal(6 + 198 + 3337 + 6289, h.Sink.Records.Single().Tokens.Total);
        }

        [Fact]
        public async Task Anthropic_stream_read_in_small_pieces_gives_the_same_answer()
        {
            string whole = string.Concat(Fixtures.SseFile("anthropic-messages-stream.txt"));
            var pieces = Enumerable.Range(0, (whole.Length + 6) / 7).Select(i => whole.Substring(i * 7, Math.Min(7, whole.Length - i * 7))).ToArray();
            await using var server = new LoopbackServer(Respond.Stream(pieces));
            var h = new Harness();
            using var client = h.Client(server);

            var result = await client.ChatAsync(Harness.Request("claude-sonnet-4", stream: true));

            Assert.Equal("I'll check the current weather in Paris for you.", result.Content);
            Assert.Equal(TokenUsage.Create(input: 377, output: 65), result.Usage);
        }

        [Fact]
        public async Task OpenAI_chat_completion_is_normalised_and_priced()
        {
            await using var server = new LoopbackServer(Respond.Fixture("openai-chat-completion.json", new Dictionary<string, string> { ["x-request-id"] = "req_openai_1" }));
            var h = new Harness();
            using var client = h.Client(server);

            var result = await client.ChatAsync(Harness.Request("gpt-5.4") with { StopSequences = new[] { "END" }, Temperature = 0.2 });

            Assert.Equal(ProviderKind.OpenAI, result.Provider);
            Assert.Equal("Hello! How can I assist you today?", result.Content);
            Assert.Equal("gpt-5.4", result.Model);
            Assert.Equal("stop", result.FinishReason);
            Assert.Equal("req_openai_1", result.RequestId);
            Assert.Equal("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", result.ResponseId);
            Assert.Equal(TokenUsage.Create(input: 19, output: 10), result.Usage);
            Assert.Equal(19 * FakePricing.Input + 10 * FakePricing.Output, result.CostUsd!.Value, 12);

            var sent = server.Requests.Single();
            Assert.Equal("/v1/chat/completions", sent.Path);
            Assert.Equal("Bearer " + Harness.OpenAIKey, sent.Header("authorization"));
            using var body = JsonDocument.Parse(sent.Body);
            var root = body.RootElement;
            Assert.Equal("system", root.GetProperty("messages")[0].GetProperty("role").GetString());
            Assert.Equal(256, root.GetProperty("max_completion_tokens").GetInt32());
            Assert.Equal("END", root.GetProperty("stop")[0].GetString());
            Assert.Equal(0.2, root.GetProperty("temperature").GetDouble());
            Assert.Equal("openai", h.Sink.Records.Single().Provider);
        }

        [Fact]
        public async Task OpenAI_responses_api_subtracts_cached_tokens_and_keeps_reasoning()
        {
            await using var server = new LoopbackServer(Respond.Fixture("openai-responses-cached-reasoning.json"));
            var h = new Harness();
            using var client = h.Client(server, openAIApi: OpenAIApi.Responses);

            var result = await client.ChatAsync(Harness.Request("gpt-5.3-codex"));

            Assert.Equal("/v1/responses", server.Requests.Single().Path);
            Assert.StartsWith("I\u2019ll quickly check reliable", result.Content);
            Assert.Contains("Here are some **latest AI updates", result.Content);
            Assert.Equal("completed", result.FinishReason);
            var expected = TokenUsage.Create(input: 7243 - 3072, output: 423, cacheReadInput: 3072, reasoning: 58);
            Assert.Equal(expected, result.Usage);
            Assert.Equal(FakePricing.Expected(expected), result.CostUsd!.Value, 12);
            Assert.Equal(expected, h.Sink.Records.Single().Tokens);
            using var body = JsonDocument.Parse(server.Requests.Single().Body);
            Assert.Equal("You are terse.", body.RootElement.GetProperty("instructions").GetString());
            Assert.Equal(256, body.RootElement.GetProperty("max_output_tokens").GetInt32());
        }

        [Fact]
        public async Task OpenAI_responses_api_with_reasoning_only_model()
        {
            await using var server = new LoopbackServer(Respond.Fixture("openai-responses.json"));
            var h = new Harness();
            using var client = h.Client(server, openAIApi: OpenAIApi.Responses);

            var result = await client.ChatAsync(Harness.Request("o1"));

            Assert.Equal("o1-2024-12-17", result.Model);
            Assert.Equal(TokenUsage.Create(input: 81, output: 1035, reasoning: 832), result.Usage);
        }

        [Fact]
        public async Task OpenAI_responses_stream_takes_the_completed_response()
        {
            await using var server = new LoopbackServer(Respond.Stream(Fixtures.SseFile("openai-responses-stream.txt")));
            var h = new Harness();
            using var client = h.Client(server, openAIApi: OpenAIApi.Responses);
            var text = new TextCollector();

            var result = await client.ChatAsync(Harness.Request("gpt-5.4", stream: true) with { TextDeltas = text });

            // The recorded docs example elides the middle deltas ("..."); the completed response carries the whole text.
            Assert.Equal("Hi there! How can I assist you today?", result.Content);
            Assert.Equal(new[] { "Hi" }, text.Pieces);
            Assert.Equal(TokenUsage.Create(input: 37, output: 11), result.Usage);
            Assert.NotNull(result.TimeToFirstToken);
        }

        [Fact]
        public async Task OpenRouter_cost_comes_from_usage_cost_and_keep_alive_whitespace_is_skipped()
        {
            await using var server = new LoopbackServer(Respond.Fixture("openrouter-chat-completion.json"));
            var h = new Harness();
            using var client = h.Client(server);

            var result = await client.ChatAsync(Harness.Request("anthropic/claude-sonnet-4"));

            Assert.Equal(ProviderKind.OpenRouter, result.Provider);
            Assert.Equal("Google logo", result.Content);
            Assert.Equal("anthropic/claude-sonnet-4", result.Model);
            Assert.Equal(TokenUsage.Create(input: 163, output: 5), result.Usage);
            Assert.Equal(0.000564, result.CostUsd);
            var sent = server.Requests.Single();
            Assert.Equal("/api/v1/chat/completions", sent.Path);
            Assert.Equal("Bearer " + Harness.OpenRouterKey, sent.Header("authorization"));
            using (var body = JsonDocument.Parse(sent.Body)) Assert.Equal(256, body.RootElement.GetProperty("max_tokens").GetInt32());
            var record = h.Sink.Records.Single();
            Assert.Equal("openrouter", record.Provider);
            Assert.Equal(0.000564, record.CostUsd);
        }

        [Fact]
        public async Task OpenRouter_stream_with_comments_gives_text_cached_usage_and_cost()
        {
            await using var server = new LoopbackServer(Respond.Stream(Fixtures.SseFromOpenRouterRecording("openrouter-chat-completion-stream.recorded.jsonl")));
            var h = new Harness();
            using var client = h.Client(server);
            var text = new TextCollector();

            var result = await client.ChatAsync(Harness.Request("anthropic/claude-sonnet-4", stream: true) with { TextDeltas = text });

            Assert.StartsWith("I counted the number of \"a\" characters in your message by going through it", result.Content);
            Assert.EndsWith(" \"a\"s in your previous message.", result.Content);
            Assert.Equal(result.Content, string.Concat(text.Pieces));
            Assert.Equal("stop", result.FinishReason);
            Assert.Equal("gen-1767764021-MvhG9ZVgLtXCqUz1zXbI", result.ResponseId);
            Assert.Equal(TokenUsage.Create(input: 1421 - 1405, output: 59, cacheReadInput: 1405), result.Usage);
            Assert.Equal(0.0013545, result.CostUsd);
            using (var body = JsonDocument.Parse(server.Requests.Single().Body))
                Assert.True(body.RootElement.GetProperty("stream_options").GetProperty("include_usage").GetBoolean());
            Assert.Equal(0.0013545, h.Sink.Records.Single().CostUsd);
        }

        [Fact]
        public async Task Compatible_local_server_needs_no_key_and_an_unpriced_model_costs_null_not_zero()
        {
            await using var server = new LoopbackServer(Respond.Fixture("openai-chat-completion.json"));
            var h = new Harness();
            var priced = new List<string>();
            using var client = h.Client(server, environment: new Dictionary<string, string?>(), pricing: (model, tokens, at) => { priced.Add(model); return null; });

            var result = await client.ChatAsync(Harness.Request("llama3.2") with { BaseUri = server.BaseUri });

            Assert.Equal(ProviderKind.OpenAICompatible, result.Provider);
            Assert.Equal(TokenUsage.Create(input: 19, output: 10), result.Usage);
            Assert.Null(result.CostUsd);
            Assert.Equal(new[] { "gpt-5.4" }, priced); // the model the server reports, which is what ran
            var sent = server.Requests.Single();
            // A bare server address gets the /v1 prefix OpenAI-compatible servers serve under.
            Assert.Equal("/v1/chat/completions", sent.Path);
            Assert.Null(sent.Header("authorization"));
            using (var body = JsonDocument.Parse(sent.Body)) Assert.Equal(256, body.RootElement.GetProperty("max_tokens").GetInt32());
            var record = h.Sink.Records.Single();
            Assert.Equal("openai-compatible", record.Provider);
            Assert.Null(record.CostUsd);
            Assert.True(record.Success);
        }

        [Fact]
        public async Task Concurrent_calls_on_one_client_are_each_recorded()
        {
            await using var server = new LoopbackServer(Respond.Fixture("openai-chat-completion.json"));
            var h = new Harness();
            using var client = h.Client(server);

            var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i => client.ChatAsync(Harness.Request("gpt-4o") with { Operation = "op" + i })));

            Assert.All(results, r => Assert.Equal(29, r.Usage.Total));
            Assert.Equal(6, server.Requests.Count);
            Assert.Equal(Enumerable.Range(0, 6).Select(i => "op" + i).OrderBy(o => o), h.Sink.Records.Select(r => r.Operation).OrderBy(o => o));
            Assert.Equal(6, h.Sink.Records.Select(r => r.Id).Distinct().Count());
        }

        [Fact]
        public async Task Compatible_stream_without_usage_is_estimated_and_marked()
        {
            var chunks = new[]
            {
                "data: {\"id\":\"c1\",\"model\":\"qwen2.5\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hel\"}}]}\n\n",
                ": keep-alive\n\n",
                "data: {\"id\":\"c1\",\"model\":\"qwen2.5\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo there\"},\"finish_reason\":\"stop\"}]}\n\n",
                "data: [DONE]\n\n",
            };
            await using var server = new LoopbackServer(Respond.Stream(chunks));
            var h = new Harness();
            using var client = h.Client(server, environment: new Dictionary<string, string?>());

            var result = await client.ChatAsync(Harness.Request("qwen2.5", stream: true) with { Provider = ProviderKind.OpenAICompatible });

            Assert.Equal("Hello there", result.Content);
            Assert.True(result.UsageEstimated);
            Assert.Equal(2, result.Usage.Output); // "Hello" and " there": two tokens, as the BPE tokenizers count them.
            Assert.True(result.Usage.Input > 0);
            using var payload = JsonDocument.Parse(h.Sink.Records.Single().Payload!.Json);
            Assert.True(payload.RootElement.GetProperty("usage_estimated").GetBoolean());
        }
    }
}
