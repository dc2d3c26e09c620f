using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using LlmTelemetry.Configuration;
using LlmTelemetry.Extensions.AI.Tests.Support;
using LlmTelemetry.Pricing;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;
using LlmTelemetry.Tests.Providers.Support;
using LlmTelemetry.Tests.Support;
using Microsoft.Extensions.AI;
using Xunit;
using CoreClient = LlmTelemetry.Providers.LlmClient;
using CoreOptions = LlmTelemetry.Providers.LlmClientOptions;
using CoreRequest = LlmTelemetry.Providers.ChatRequest;
using CoreMessage = LlmTelemetry.Providers.ChatMessage;
using ProviderKind = LlmTelemetry.Providers.ProviderKind;

namespace LlmTelemetry.Extensions.AI.Tests
{
    /// <summary>The real OpenAI IChatClient against recorded API bodies over loopback HTTP: what lands in a real store.</summary>
    public sealed class RecordingTests
    {
        internal static readonly ChatMessage[] Messages =
        {
            new ChatMessage(ChatRole.System, "You are terse."),
            new ChatMessage(ChatRole.User, "Say hello."),
        };

        /// <summary>The record format's text hash ("sha256:" and the hex of the UTF-8 text's SHA-256), written out so the test states it.</summary>
        private static string Hash(string text)
            => "sha256:" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text))).ToLowerInvariant();

        internal static double? RegistryPrice(TelemetryRecord r) => RegistryPricing.Default.Price(r.Model!, r.Tokens, r.Timestamp);

        [Fact]
        public async Task A_chat_completion_is_recorded_with_the_fixtures_tokens_and_the_registrys_price()
        {
            await using var server = new LoopbackServer(Respond.Fixture("openai-chat-completion.json"));
            using var p = new Pipeline(server);

            var response = await p.Client.GetResponseAsync(Messages);

            Assert.Equal("Hello! How can I assist you today?", response.Text);
            var record = Assert.Single(p.Records);
            Assert.True(record.Success);
            Assert.Null(record.Metadata.Error);
            Assert.Equal("llm_call", record.EventType);
            Assert.Equal("gpt-5.4", record.Model);
            Assert.Equal("openai", record.Provider);
            Assert.Equal(TokenUsage.Create(input: 19, output: 10), record.Tokens);
            Assert.NotNull(record.CostUsd);
            Assert.Equal(RegistryPrice(record), record.CostUsd);
            Assert.Equal("extensions-ai", record.Metadata.Source);
            Assert.Equal(Hash("system: You are terse.\n\nuser: Say hello."), record.PromptHash);
            Assert.Equal(Hash("Hello! How can I assist you today?"), record.ResponseHash);
            Assert.True(record.DurationMs >= 0);
            using var payload = JsonDocument.Parse(record.Payload!.Json);
            Assert.False(payload.RootElement.GetProperty("stream").GetBoolean());
            Assert.Equal("stop", payload.RootElement.GetProperty("finish_reason").GetString());
            Assert.Equal("chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT", payload.RootElement.GetProperty("response_id").GetString());
            Assert.Empty(p.Warnings);
            Assert.Equal("/v1/chat/completions", server.Requests.Single().Path);
        }

        [Fact]
        public async Task A_stream_is_recorded_once_when_it_ends_with_its_usage_its_cached_tokens_out_of_input_and_time_to_first_token()
        {
            await using var server = new LoopbackServer(Respond.Stream(Fixtures.SseFromOpenRouterRecording("openrouter-chat-completion-stream.recorded.jsonl")));
            using var p = new Pipeline(server, model: "anthropic/claude-sonnet-4", configure: o => o.ProviderName = "openrouter");

            var text = new List<string>();
            await foreach (var update in p.Client.GetStreamingResponseAsync(Messages)) text.Add(update.Text);

            string answer = string.Concat(text);
            Assert.StartsWith("I counted the number of \"a\" characters in your message", answer);
            var record = Assert.Single(p.Records);
            Assert.True(record.Success);
            Assert.Equal("anthropic/claude-sonnet-4", record.Model);
            Assert.Equal("openrouter", record.Provider);
            // prompt_tokens 1421 of which cached_tokens 1405: the record's input is the 16 billed at the base rate.
            Assert.Equal(TokenUsage.Create(input: 16, output: 59, cacheReadInput: 1405), record.Tokens);
            Assert.NotNull(record.CostUsd);
            Assert.Equal(RegistryPrice(record), record.CostUsd);
            Assert.Equal(Hash(answer), record.ResponseHash);
            using var payload = JsonDocument.Parse(record.Payload!.Json);
            Assert.True(payload.RootElement.GetProperty("stream").GetBoolean());
            Assert.Equal("stop", payload.RootElement.GetProperty("finish_reason").GetString());
            long ttft = payload.RootElement.GetProperty("ttft_ms").GetInt64();
            Assert.InRange(ttft, 0, record.DurationMs!.Value);
            using (var body = JsonDocument.Parse(server.Requests.Single().Body))
                Assert.True(body.RootElement.GetProperty("stream").GetBoolean());
        }

        [Fact]
        public async Task Cached_and_reasoning_tokens_come_out_as_the_cores_own_OpenAI_provider_records_them()
        {
            await using var server = new LoopbackServer(Respond.Fixture("openai-responses-cached-reasoning.json"), Respond.Fixture("openai-responses-cached-reasoning.json"));
            using var p = new Pipeline(server, model: "gpt-5.3-codex", responses: true);

            await p.Client.GetResponseAsync(Messages);
            var ours = Assert.Single(p.Records);

            using var core = new TempStore(DateTimeOffset.UtcNow);
            using (var client = new CoreClient(new CoreOptions
            {
                Sink = core.Store,
                Pricer = RegistryPricing.Default,
                Environment = name => name == "OPENAI_API_KEY" ? Pipeline.Key : null,
                BaseUris = new Dictionary<ProviderKind, Uri> { [ProviderKind.OpenAI] = new Uri(server.BaseUri, "v1/") },
                OpenAIApi = LlmTelemetry.Providers.OpenAIApi.Responses,
                Context = new CallContext(null, null, "test-host"),
            }))
            {
                await client.ChatAsync(new CoreRequest { Model = "gpt-5.3-codex", SystemPrompt = "You are terse.", Messages = new[] { CoreMessage.User("Say hello.") } });
            }
            var theirs = Assert.Single(core.Store.Query());

            Assert.Equal(TokenUsage.Create(input: 7243 - 3072, output: 423, cacheReadInput: 3072, reasoning: 58), ours.Tokens);
            Assert.Equal(theirs.Tokens, ours.Tokens);
            Assert.Equal(theirs.Model, ours.Model);
            Assert.NotNull(ours.CostUsd);
            Assert.Equal(theirs.CostUsd!.Value, ours.CostUsd!.Value, 12);
            // The same prompt text is hashed the same way by both.
            Assert.Equal(theirs.PromptHash, ours.PromptHash);
            Assert.Equal(new[] { "/v1/responses", "/v1/responses" }, server.Requests.Select(r => r.Path));
        }

        [Fact]
        public async Task The_model_is_the_responses_and_the_one_asked_for_is_kept_beside_it_when_they_differ()
        {
            await using var server = new LoopbackServer(Respond.Fixture("openai-chat-completion.json"));
            using var p = new Pipeline(server);

            await p.Client.GetResponseAsync(Messages, new ChatOptions { ModelId = "gpt-5.4-latest" });

            var record = Assert.Single(p.Records);
            Assert.Equal("gpt-5.4", record.Model);
            using var payload = JsonDocument.Parse(record.Payload!.Json);
            Assert.Equal("gpt-5.4-latest", payload.RootElement.GetProperty("requested_model").GetString());
            using var body = JsonDocument.Parse(server.Requests.Single().Body);
            Assert.Equal("gpt-5.4-latest", body.RootElement.GetProperty("model").GetString());
        }

        [Fact]
        public async Task Without_a_model_in_the_response_the_options_model_is_recorded()
        {
            using var fixture = JsonDocument.Parse(Fixtures.Text("openai-chat-completion.json"));
            var fields = fixture.RootElement.EnumerateObject().Where(f => f.Name != "model").Select(f => $"\"{f.Name}\":{f.Value.GetRawText()}");
            await using var server = new LoopbackServer(Respond.Json("{" + string.Join(",", fields) + "}"));
            using var p = new Pipeline(server);

            await p.Client.GetResponseAsync(Messages, new ChatOptions { ModelId = "gpt-5.4-mini" });

            var record = Assert.Single(p.Records);
            Assert.Equal("gpt-5.4-mini", record.Model);
            Assert.Equal(TokenUsage.Create(input: 19, output: 10), record.Tokens);
            Assert.Equal(RegistryPrice(record), record.CostUsd);
        }

        [Fact]
        public async Task The_options_agent_operation_session_project_and_user_are_stored()
        {
            await using var server = new LoopbackServer(Respond.Fixture("openai-chat-completion.json"));
            using var p = new Pipeline(server, configure: o =>
            {
                o.Agent = "summariser";
                o.Operation = "digest";
                o.Session = "session-42";
                o.Project = "newsroom";
                o.User = "ada";
            });

            await p.Client.GetResponseAsync(Messages);

            var record = Assert.Single(p.Records);
            Assert.Equal("summariser", record.AgentName);
            Assert.Equal("digest", record.Operation);
            Assert.Equal("session-42", record.SessionId);
            Assert.Equal("newsroom", record.Metadata.Project);
            Assert.Equal("ada", record.UserId);
            Assert.Equal(Environment.MachineName, record.Metadata.Host);
        }

        [Fact]
        public async Task Prompt_and_answer_text_are_stored_only_when_the_user_opted_in()
        {
            await using var server = new LoopbackServer(Respond.Fixture("openai-chat-completion.json"));
            using var hidden = new Pipeline(server);
            using var kept = new Pipeline(server, storePrompts: true);

            await hidden.Client.GetResponseAsync(Messages);
            await kept.Client.GetResponseAsync(Messages);

            var day = new DayPartition(kept.Temp.StoreRoot, Assert.Single(kept.Records).UtcDay);
            Assert.Contains("user: Say hello.", File.ReadAllText(day.PromptsPath));
            Assert.Contains("Hello! How can I assist you today?", File.ReadAllText(day.ResponsesPath));
            var hiddenDay = new DayPartition(hidden.Temp.StoreRoot, Assert.Single(hidden.Records).UtcDay);
            Assert.False(File.Exists(hiddenDay.PromptsPath));
            Assert.False(File.Exists(hiddenDay.ResponsesPath));
            Assert.Equal(Assert.Single(kept.Records).PromptHash, Assert.Single(hidden.Records).PromptHash);
        }
    }
}
