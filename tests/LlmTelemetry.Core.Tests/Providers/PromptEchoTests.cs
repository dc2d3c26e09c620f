using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using LlmTelemetry.Configuration;
using LlmTelemetry.Providers;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;
using LlmTelemetry.Tests.Providers.Support;
using Xunit;

namespace LlmTelemetry.Tests.Providers
{
    /// <summary>
    /// A provider that rejects a call often quotes the prompt back. With LLM_STORE_PROMPTS unset that text must not reach
    /// the store through metadata.error (which events, export and report show); with prompts stored, the error is kept whole.
    /// </summary>
    public sealed class PromptEchoTests : IDisposable
    {
        private const string Secret = "PROMPT-TOPSECRET-7f3a9c";
        private const string Prompt = Secret + " please summarise the attached merger contract for the board";
        private readonly string _root = Path.Combine(Path.GetTempPath(), "llmt-echo-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
        }

        public static IEnumerable<object[]> Echoes()
        {
            var providers = new[] { "claude-sonnet-4-5", "gpt-4o", "meta-llama/llama-3.1-8b-instruct" };
            var bodies = new[]
            {
                // The whole prompt, quoted.
                "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"your message '" + Prompt + "' was rejected\"}}",
                // Cut short with an ellipsis.
                "{\"error\":{\"type\":\"invalid_request_error\",\"message\":\"your message \\\"" + Prompt.Substring(0, 30) + "\\u2026\\\" was rejected\"}}",
                // A fragment, unquoted.
                "{\"error\":{\"message\":\"content policy: flagged text near TOPSECRET-7f3a9c please summ\"}}",
                // Not JSON: the start of the body is kept as the provider's error.
                "upstream refused: " + Prompt,
            };
            foreach (var model in providers)
                for (int i = 0; i < bodies.Length; i++)
                    yield return new object[] { model, i, bodies[i] };
        }

        [Theory]
        [MemberData(nameof(Echoes))]
        public async Task An_echoed_prompt_is_not_stored_in_the_error_when_prompts_are_not_stored(string model, int form, string body)
        {
            await using var server = new LoopbackServer(Respond.Json(body, 400));
            using var store = Store(storePrompts: false);
            using var client = Client(server, store);

            var ex = await Assert.ThrowsAsync<ProviderException>(() => client.ChatAsync(Request(model)));

            var stored = store.Query().Single();
            Assert.False(stored.Success);
            Assert.Contains("[redacted]", stored.Metadata.Error);
            Assert.DoesNotContain("TOPSECRET", stored.Metadata.Error);
            Assert.DoesNotContain("merger", stored.Metadata.Error);
            Assert.StartsWith("http 400", stored.Metadata.Error); // what failed is still there
            foreach (var file in Directory.GetFiles(_root, "*", SearchOption.AllDirectories))
                Assert.DoesNotContain("TOPSECRET", File.ReadAllText(file));
            // The caller is shown the provider's own words: it is their prompt, on their screen, and not stored.
            Assert.True(form == 2 || ex.Message.Contains("TOPSECRET", StringComparison.Ordinal) || (ex.ProviderError ?? "").Contains("TOPSECRET", StringComparison.Ordinal));
        }

        [Fact]
        public async Task With_prompts_stored_the_error_is_kept_whole()
        {
            await using var server = new LoopbackServer(Respond.Json("{\"error\":{\"message\":\"your message '" + Prompt + "' was rejected\"}}", 400));
            using var store = Store(storePrompts: true);
            using var client = Client(server, store);

            await Assert.ThrowsAsync<ProviderException>(() => client.ChatAsync(Request("gpt-4o")));

            Assert.Contains(Prompt, store.Query().Single().Metadata.Error);
        }

        [Fact]
        public void Write_LlmTelemetry_with_a_prompt_and_an_error_quoting_it_stores_no_prompt_text()
        {
            using var store = Store(storePrompts: false);
            var recorder = new CallRecorder(store, null, new CallContext("p", null, "h"));
            var record = recorder.Record(new RecordRequest
            {
                Model = "gpt-4o", InputTokens = 5, OutputTokens = 0, Prompt = Prompt, Response = "The board should note",
                Error = "rejected: '" + Prompt + "'; partial answer 'The board should note'",
            });
            Assert.Equal("rejected: '[redacted]'; partial answer '[redacted]'", record.Metadata.Error);
            Assert.Equal(record.Metadata.Error, store.Query().Single().Metadata.Error);
        }

        private TelemetryStore Store(bool storePrompts) => new TelemetryStore(new StoreOptions
        {
            Root = _root,
            StorePrompts = storePrompts,
            StoreResponses = storePrompts,
            AutoMaintenance = false,
            Environment = new Dictionary<string, string?>(),
            ConfigFile = Path.Combine(_root, "..", "no-config-" + Guid.NewGuid().ToString("N") + ".json"),
        });

        private static LlmClient Client(LoopbackServer server, TelemetryStore store) => new LlmClient(new LlmClientOptions
        {
            Sink = store,
            Environment = name => Harness.AllKeys().TryGetValue(name, out var v) ? v : null,
            Retry = new RetryOptions { MaxAttempts = 1 },
            DefaultTimeout = TimeSpan.FromSeconds(15),
            Context = new CallContext("proj", "main", "host"),
            BaseUris = new Dictionary<ProviderKind, Uri>
            {
                [ProviderKind.Anthropic] = server.BaseUri,
                [ProviderKind.OpenAI] = new Uri(server.BaseUri, "v1/"),
                [ProviderKind.OpenRouter] = new Uri(server.BaseUri, "api/v1/"),
            },
        });

        private static ChatRequest Request(string model) => new ChatRequest
        {
            Model = model,
            SystemPrompt = "You are terse.",
            Messages = new[] { ChatMessage.User(Prompt) },
            MaxTokens = 64,
        };
    }
}
