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
    /// <summary>The client over the real store: what lands on disk, text files included, carries no key.</summary>
    public sealed class StoreIntegrationTests : IDisposable
    {
        private readonly string _root = Path.Combine(Path.GetTempPath(), "llmtelemetry-providers-" + Guid.NewGuid().ToString("N"));

        public void Dispose()
        {
            if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
        }

        [Fact]
        public async Task Calls_recorded_in_the_store_keep_prompts_and_errors_but_never_the_key()
        {
            const string key = "sk-ant-api03-Zq9StoreIntegrationKey-4242";
            await using var server = new LoopbackServer(
                Respond.Fixture("anthropic-messages.json"),
                Respond.Json("{\"type\":\"error\",\"error\":{\"type\":\"authentication_error\",\"message\":\"invalid x-api-key " + key + "\"}}", 401));
            using var store = new TelemetryStore(new StoreOptions
            {
                Root = _root,
                StorePrompts = true,
                StoreResponses = true,
                AutoMaintenance = false,
                Environment = new Dictionary<string, string?>(),
                ConfigFile = Path.Combine(_root, "no-config.json"),
            });
            var log = new List<string>();
            using var client = new LlmClient(new LlmClientOptions
            {
                Sink = store,
                Pricer = new LlmTelemetry.Tests.Support.TestPricer(FakePricing.Price),
                Environment = name => name == "ANTHROPIC_API_KEY" ? key : null,
                BaseUris = new Dictionary<ProviderKind, Uri> { [ProviderKind.Anthropic] = server.BaseUri },
                Retry = new RetryOptions { MaxAttempts = 2, BaseDelay = TimeSpan.FromMilliseconds(10) },
                Log = log.Add,
                Context = new CallContext("proj", "main", "host"),
            });

            var ok = await client.ChatAsync(Harness.Request("claude-sonnet-4-5"));
            await Assert.ThrowsAsync<ProviderException>(() => client.ChatAsync(Harness.Request("claude-sonnet-4-5")));

            var stored = store.Query().OrderBy(r => r.Timestamp).ToList();
            Assert.Equal(2, stored.Count);
            Assert.True(stored[0].Success);
            Assert.Equal(ok.Usage, stored[0].Tokens);
            Assert.Equal(ok.CostUsd, stored[0].CostUsd);
            Assert.False(stored[1].Success);
            Assert.Contains("invalid x-api-key [redacted]", stored[1].Metadata.Error);

            var files = Directory.GetFiles(_root, "*", SearchOption.AllDirectories);
            Assert.Contains(files, f => f.EndsWith("prompts.jsonl", StringComparison.Ordinal));
            foreach (var file in files)
                Assert.DoesNotContain("Zq9StoreIntegrationKey", File.ReadAllText(file));
            Assert.DoesNotContain(log, l => l.Contains("Zq9StoreIntegrationKey"));
        }
    }
}
