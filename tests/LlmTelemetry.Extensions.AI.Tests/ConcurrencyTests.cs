using System.Linq;
using System.Threading.Tasks;
using LlmTelemetry.Extensions.AI.Tests.Support;
using LlmTelemetry.Records;
using LlmTelemetry.Tests.Providers.Support;
using Microsoft.Extensions.AI;
using Xunit;

namespace LlmTelemetry.Extensions.AI.Tests
{
    public sealed class ConcurrencyTests
    {
        [Fact]
        public async Task Twenty_calls_at_once_streaming_and_not_are_each_recorded_exactly_once()
        {
            var stream = Respond.Stream(Fixtures.SseFromOpenRouterRecording("openrouter-chat-completion-stream.recorded.jsonl"));
            var single = Respond.Fixture("openai-chat-completion.json");
            await using var server = new LoopbackServer((req, res, stop) => req.Body.Contains("\"stream\":true") ? stream(req, res, stop) : single(req, res, stop))
            {
                RequestLimit = 40,
            };
            using var p = new Pipeline(server);

            var calls = Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
            {
                var messages = new[] { new ChatMessage(ChatRole.User, "call " + i) };
                if (i % 2 == 0) return (await p.Client.GetResponseAsync(messages)).Text;
                return string.Concat(await p.Client.GetStreamingResponseAsync(messages).Select(u => u.Text).ToListAsync());
            })).ToArray();
            var answers = await Task.WhenAll(calls);

            Assert.Equal(20, server.Requests.Count);
            Assert.All(answers, a => Assert.False(string.IsNullOrEmpty(a)));
            var records = p.Records;
            Assert.Equal(20, records.Count);
            Assert.Equal(20, records.Select(r => r.Id).Distinct().Count());
            // Each prompt was different, so each call is its own record: no call lost, none stored twice.
            Assert.Equal(20, records.Select(r => r.PromptHash).Distinct().Count());
            Assert.Equal(10, records.Count(r => r.Tokens == TokenUsage.Create(input: 19, output: 10)));
            Assert.Equal(10, records.Count(r => r.Tokens == TokenUsage.Create(input: 16, output: 59, cacheReadInput: 1405)));
            Assert.All(records, r => Assert.True(r.Success));
            Assert.Empty(p.Warnings);
        }
    }
}
