using System;
using System.ClientModel;
using System.ClientModel.Primitives;
using System.Collections.Generic;
using System.Linq;
using LlmTelemetry.Records;
using LlmTelemetry.Tests.Providers.Support;
using LlmTelemetry.Tests.Support;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Responses;

namespace LlmTelemetry.Extensions.AI.Tests.Support
{
    /// <summary>
    /// The real OpenAI IChatClient (Chat Completions or Responses) pointed at a <see cref="LoopbackServer"/>, wrapped by
    /// UseLlmTelemetry over a fresh <see cref="TempStore"/>; the warnings it raised are kept.
    /// </summary>
    internal sealed class Pipeline : IDisposable
    {
        public const string Key = "sk-proj-TESTKEY-9876543210-do-not-leak";

        public Pipeline(LoopbackServer server, string model = "gpt-5.4", bool responses = false, Action<LlmTelemetryChatOptions>? configure = null,
            bool storePrompts = false)
        {
            Temp = new TempStore(DateTimeOffset.UtcNow, o => o with { StorePrompts = storePrompts, StoreResponses = storePrompts });
            Client = Build(server, model, responses, o =>
            {
                o.Store = Temp.Store;
                o.Warning = line => { lock (Warnings) Warnings.Add(line); };
                configure?.Invoke(o);
            });
        }

        public TempStore Temp { get; }
        public IChatClient Client { get; }
        public List<string> Warnings { get; } = new();

        public IReadOnlyList<TelemetryRecord> Records => Temp.Store.Query().ToList();

        /// <summary>No retries: a 500 is answered once, so the test sees one request and one record.</summary>
        public static IChatClient Build(LoopbackServer server, string model, bool responses, Action<LlmTelemetryChatOptions> configure)
        {
            var endpoint = new Uri(server.BaseUri, "v1/");
            IChatClient inner = responses
                ? new ResponsesClient(new ApiKeyCredential(Key), new ResponsesClientOptions { Endpoint = endpoint, RetryPolicy = new ClientRetryPolicy(0) }).AsIChatClient(model)
                : new OpenAI.Chat.ChatClient(model, new ApiKeyCredential(Key), new OpenAIClientOptions { Endpoint = endpoint, RetryPolicy = new ClientRetryPolicy(0) }).AsIChatClient();
            return inner.AsBuilder().UseLlmTelemetry(configure).Build();
        }

        public void Dispose()
        {
            Client.Dispose();
            Temp.Store.Dispose();
            Temp.Dispose();
        }
    }
}
