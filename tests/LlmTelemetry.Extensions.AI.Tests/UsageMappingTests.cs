using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LlmTelemetry.Records;
using LlmTelemetry.Tests.Support;
using Microsoft.Extensions.AI;
using Xunit;

namespace LlmTelemetry.Extensions.AI.Tests
{
    /// <summary>
    /// Usage shapes the OpenAI adapter never produces (cache writes in AdditionalCounts, no usage at all), given by a
    /// client that answers from memory: the mapping is the middleware's, whatever adapter is inside.
    /// </summary>
    public sealed class UsageMappingTests
    {
        private sealed class FixedAnswer : IChatClient
        {
            private readonly ChatResponse _response;

            public FixedAnswer(ChatResponse response) => _response = response;

            public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
                => Task.FromResult(_response);

            public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
                => _response.ToChatResponseUpdates().ToAsyncEnumerable();

            public object? GetService(Type serviceType, object? serviceKey = null)
                => serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("anthropic", new Uri("https://api.anthropic.com/"), "claude-sonnet-4-5") : null;

            public void Dispose() { }
        }

        private static async Task<TelemetryRecord> RecordOf(ChatResponse response, bool stream)
        {
            using var temp = new TempStore(DateTimeOffset.UtcNow);
            using var client = new FixedAnswer(response).AsBuilder().UseLlmTelemetry(o => o.Store = temp.Store).Build();
            var messages = new[] { new ChatMessage(ChatRole.User, "Say hello.") };
            if (stream) await foreach (var _ in client.GetStreamingResponseAsync(messages)) { }
            else await client.GetResponseAsync(messages);
            return Assert.Single(temp.Store.Query());
        }

        [Theory]
        [InlineData("cache_creation_input_tokens", false)]
        [InlineData("CacheCreationInputTokens", true)]
        [InlineData("cache_write_tokens", false)]
        public async Task Cache_reads_and_writes_are_taken_out_of_input_and_reasoning_stays_in_output(string cacheWriteKey, bool stream)
        {
            var response = new ChatResponse(new ChatMessage(ChatRole.Assistant, "Hello."))
            {
                Usage = new UsageDetails
                {
                    InputTokenCount = 1000,
                    OutputTokenCount = 50,
                    CachedInputTokenCount = 600,
                    ReasoningTokenCount = 20,
                    AdditionalCounts = new AdditionalPropertiesDictionary<long> { [cacheWriteKey] = 300 },
                },
            };

            var record = await RecordOf(response, stream);

            Assert.Equal(TokenUsage.Create(input: 100, output: 50, cacheCreationInput: 300, cacheReadInput: 600, reasoning: 20), record.Tokens);
            // No model in the response and none in the options: the client's default model, and the provider from its endpoint.
            Assert.Equal("claude-sonnet-4-5", record.Model);
            Assert.Equal("anthropic", record.Provider);
            Assert.Equal(RecordingTests.RegistryPrice(record), record.CostUsd);
        }

        [Fact]
        public async Task An_answer_without_usage_is_estimated_and_says_so()
        {
            var record = await RecordOf(new ChatResponse(new ChatMessage(ChatRole.Assistant, "Hello there, how are you today?")), stream: false);

            Assert.True(record.Tokens.Input > 0);
            Assert.True(record.Tokens.Output > 0);
            using var payload = JsonDocument.Parse(record.Payload!.Json);
            Assert.True(payload.RootElement.GetProperty("usage_estimated").GetBoolean());
            Assert.True(record.Success);
        }
    }
}
