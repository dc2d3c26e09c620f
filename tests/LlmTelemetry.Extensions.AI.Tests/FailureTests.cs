using System;
using System.ClientModel;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LlmTelemetry.Extensions.AI.Tests.Support;
using LlmTelemetry.Tests.Providers.Support;
using LlmTelemetry.Tests.Support;
using Microsoft.Extensions.AI;
using Xunit;

namespace LlmTelemetry.Extensions.AI.Tests
{
    /// <summary>Failures, cancellations and abandoned streams are recorded once and reach the caller unchanged; a store that cannot be written never fails the call.</summary>
    public sealed class FailureTests
    {
        private static readonly ChatMessage[] Messages = RecordingTests.Messages;

        [Theory]
        [InlineData(401, "invalid_request_error", "Incorrect API key provided: sk-proj-****abcd. You can find your API key at the dashboard.")]
        [InlineData(500, "server_error", "The server had an error while processing your request. Bearer sk-proj-leakedleaked1234 was seen.")]
        public async Task An_http_error_is_recorded_with_its_text_scrubbed_of_keys_and_rethrown(int status, string type, string message)
        {
            string body = $"{{\"error\":{{\"message\":\"{message}\",\"type\":\"{type}\",\"param\":null,\"code\":null}}}}";
            await using var server = new LoopbackServer(Respond.Json(body, status));
            using var p = new Pipeline(server);

            var thrown = await Assert.ThrowsAsync<ClientResultException>(() => p.Client.GetResponseAsync(Messages));

            Assert.Equal(status, thrown.Status);
            var record = Assert.Single(p.Records);
            Assert.False(record.Success);
            string error = record.Metadata.Error!;
            Assert.StartsWith("ClientResultException: ", error);
            Assert.Contains(status.ToString(), error);
            Assert.DoesNotContain("sk-proj-", error);
            Assert.Contains("[redacted]", error);
            Assert.Contains(status == 401 ? "Incorrect API key provided" : "The server had an error", error);
            Assert.Equal("gpt-5.4", record.Model);
            Assert.Equal(0, record.Tokens.Total);
            Assert.Null(record.CostUsd);
            Assert.Single(server.Requests);
        }

        [Fact]
        public async Task An_error_that_quotes_a_prompt_not_stored_keeps_no_copy_of_it()
        {
            var secret = new[] { new ChatMessage(ChatRole.User, "Summarise the Bluebird acquisition memo for the board.") };
            string body = "{\"error\":{\"message\":\"Your message 'Summarise the Bluebird acquisition memo for the board.' was flagged.\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}";
            await using var server = new LoopbackServer(Respond.Json(body, 400));
            using var p = new Pipeline(server);

            await Assert.ThrowsAsync<ClientResultException>(() => p.Client.GetResponseAsync(secret));

            string error = Assert.Single(p.Records).Metadata.Error!;
            Assert.DoesNotContain("Bluebird", error);
            Assert.Contains("was flagged", error);
        }

        [Fact]
        public async Task A_cancelled_call_is_recorded_as_cancelled_and_the_cancellation_reaches_the_caller()
        {
            var arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var server = new LoopbackServer(async (req, res, stop) =>
            {
                arrived.TrySetResult();
                await Task.Delay(Timeout.Infinite, stop);
            });
            using var p = new Pipeline(server);
            using var cts = new CancellationTokenSource();

            var call = p.Client.GetResponseAsync(Messages, cancellationToken: cts.Token);
            await arrived.Task;
            cts.Cancel();

            var thrown = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
            Assert.Equal(cts.Token, thrown.CancellationToken);
            var record = Assert.Single(p.Records);
            Assert.False(record.Success);
            Assert.Equal(TelemetryChatClient.CancelledError, record.Metadata.Error);
        }

        [Fact]
        public async Task A_stream_cancelled_midway_is_recorded_once_as_cancelled()
        {
            var chunks = Fixtures.SseFromOpenRouterRecording("openrouter-chat-completion-stream.recorded.jsonl");
            await using var server = new LoopbackServer(Respond.StallMidStream(chunks.First(c => c.Contains("I counte"))));
            using var p = new Pipeline(server, model: "anthropic/claude-sonnet-4");
            using var cts = new CancellationTokenSource();

            var updates = p.Client.GetStreamingResponseAsync(Messages, cancellationToken: cts.Token).GetAsyncEnumerator();
            try
            {
                do Assert.True(await updates.MoveNextAsync());
                while (updates.Current.Text.Length == 0);
                Assert.Equal("I counte", updates.Current.Text);
                cts.Cancel();
                await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await updates.MoveNextAsync());
            }
            finally
            {
                await updates.DisposeAsync();
            }

            var record = Assert.Single(p.Records);
            Assert.False(record.Success);
            Assert.Equal(TelemetryChatClient.CancelledError, record.Metadata.Error);
            Assert.Equal("anthropic/claude-sonnet-4", record.Model);
        }

        [Fact]
        public async Task A_stream_its_caller_stops_reading_is_recorded_once_as_abandoned()
        {
            await using var server = new LoopbackServer(Respond.Stream(Fixtures.SseFromOpenRouterRecording("openrouter-chat-completion-stream.recorded.jsonl")));
            using var p = new Pipeline(server, model: "anthropic/claude-sonnet-4");

            string first = "";
            await foreach (var update in p.Client.GetStreamingResponseAsync(Messages))
            {
                if (update.Text.Length == 0) continue;
                first = update.Text;
                break;
            }

            Assert.Equal("I counte", first);
            var record = Assert.Single(p.Records);
            Assert.False(record.Success);
            Assert.Equal(TelemetryChatClient.AbandonedError, record.Metadata.Error);
            Assert.Equal("anthropic/claude-sonnet-4", record.Model);
            Assert.Empty(p.Warnings);
        }

        [Fact]
        public async Task A_store_folder_that_cannot_be_created_leaves_the_call_working_and_says_why()
        {
            await using var server = new LoopbackServer(Respond.Fixture("openai-chat-completion.json"), Respond.Fixture("openai-chat-completion.json"));
            using var temp = new TempStore();
            string blocker = Path.Combine(temp.Root, "a-file");
            File.WriteAllText(blocker, "not a folder");
            var warnings = new System.Collections.Generic.List<string>();
            using var client = Pipeline.Build(server, "gpt-5.4", responses: false, o =>
            {
                o.StoreRoot = Path.Combine(blocker, "store");
                o.Warning = line => { lock (warnings) warnings.Add(line); };
            });

            var first = await client.GetResponseAsync(Messages);
            var second = await client.GetResponseAsync(Messages);

            Assert.Equal("Hello! How can I assist you today?", first.Text);
            Assert.Equal(first.Text, second.Text);
            Assert.Equal(2, warnings.Count(w => w.StartsWith("the call was not recorded: ", StringComparison.Ordinal)));
            Assert.All(warnings, w => Assert.DoesNotContain(Pipeline.Key, w));
            Assert.False(Directory.Exists(Path.Combine(blocker, "store")));
        }

        [Fact]
        public async Task Without_a_warning_handler_the_warning_goes_to_the_pipelines_logger()
        {
            await using var server = new LoopbackServer(Respond.Fixture("openai-chat-completion.json"));
            using var temp = new TempStore();
            string blocker = Path.Combine(temp.Root, "a-file");
            File.WriteAllText(blocker, "not a folder");
            var logging = new CapturingLoggerFactory();
            using var client = new OpenAI.Chat.ChatClient("gpt-5.4", new ApiKeyCredential(Pipeline.Key),
                    new OpenAI.OpenAIClientOptions { Endpoint = new Uri(server.BaseUri, "v1/") })
                .AsIChatClient()
                .AsBuilder()
                .UseLlmTelemetry(o => o.StoreRoot = Path.Combine(blocker, "store"))
                .Build(logging);

            var response = await client.GetResponseAsync(Messages);

            Assert.Equal("Hello! How can I assist you today?", response.Text);
            var line = Assert.Single(logging.Lines);
            Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Warning, line.Level);
            Assert.Equal(typeof(TelemetryChatClient).FullName, line.Category);
            Assert.StartsWith("LlmTelemetry: the call was not recorded: ", line.Message);
        }
    }
}
