using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LlmTelemetry.Providers;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Tests.Providers.Support
{
    /// <summary>Captures what would be stored; the real store is tested elsewhere.</summary>
    internal sealed class CapturingSink : ITelemetrySink
    {
        private readonly List<(TelemetryRecord Record, string? Prompt, string? Response)> _calls = new();

        public bool Fail { get; init; }

        public IReadOnlyList<TelemetryRecord> Records
        {
            get { lock (_calls) return _calls.Select(c => c.Record).ToArray(); }
        }

        public IReadOnlyList<(TelemetryRecord Record, string? Prompt, string? Response)> Calls
        {
            get { lock (_calls) return _calls.ToArray(); }
        }

        public TelemetryRecord Record(TelemetryRecord record, string? promptText = null, string? responseText = null)
        {
            if (Fail) throw new IOException("disk full (test)");
            lock (_calls) _calls.Add((record, promptText, responseText));
            return record;
        }
    }

    /// <summary>Known per-token rates (claude-sonnet-4-5's), so tests can compute the expected cost.</summary>
    internal static class FakePricing
    {
        public const double Input = 3e-6, Output = 15e-6, CacheWrite5m = 3.75e-6, CacheWrite1h = 6e-6, CacheRead = 0.3e-6;

        public static double? Price(string model, TokenUsage t, DateTimeOffset at)
            => model.Contains("unpriced", StringComparison.Ordinal) ? null : Expected(t);

        public static double Expected(TokenUsage t)
            => t.Input * Input + t.Output * Output + t.CacheCreation5mInput * CacheWrite5m + t.CacheCreation1hInput * CacheWrite1h + t.CacheReadInput * CacheRead;
    }

    internal sealed class Harness
    {
        public const string AnthropicKey = "sk-ant-api03-TESTKEY-0123456789-do-not-leak";
        public const string OpenAIKey = "sk-proj-TESTKEY-9876543210-do-not-leak";
        public const string OpenRouterKey = "sk-or-v1-TESTKEY-5555555555-do-not-leak";

        public CapturingSink Sink { get; init; } = new CapturingSink();
        public List<string> Log { get; } = new();

        /// <summary>The waits between attempts the client asked for; it does not really wait (a cancelled token still ends the wait).</summary>
        public List<TimeSpan> Waits { get; } = new();
        public List<string> Warnings { get; } = new();

        /// <summary>Called with each verbose line as it is logged, so a test can act at a precise point of a call.</summary>
        public Action<string>? OnLog { get; init; }

        public static Dictionary<string, string?> AllKeys() => new()
        {
            ["ANTHROPIC_API_KEY"] = AnthropicKey,
            ["OPENAI_API_KEY"] = OpenAIKey,
            ["OPENROUTER_API_KEY"] = OpenRouterKey,
        };

        public LlmClient Client(LoopbackServer server, IDictionary<string, string?>? environment = null, RetryOptions? retry = null,
            OpenAIApi openAIApi = OpenAIApi.ChatCompletions, Func<string, TokenUsage, DateTimeOffset, double?>? pricing = null)
        {
            var env = environment ?? AllKeys();
            return new LlmClient(new LlmClientOptions
            {
                Sink = Sink,
                Pricer = new LlmTelemetry.Tests.Support.TestPricer(pricing ?? FakePricing.Price),
                Environment = name => env.TryGetValue(name, out var v) ? v : null,
                Log = line => { lock (Log) Log.Add(line); OnLog?.Invoke(line); },
                Warning = line => { lock (Warnings) Warnings.Add(line); },
                Retry = retry ?? new RetryOptions { MaxAttempts = 3, BaseDelay = TimeSpan.FromMilliseconds(10), MaxDelay = TimeSpan.FromMilliseconds(50) },
                Delay = (wait, token) =>
                {
                    token.ThrowIfCancellationRequested();
                    lock (Waits) Waits.Add(wait);
                    return Task.CompletedTask;
                },
                DefaultTimeout = TimeSpan.FromSeconds(15),
                OpenAIApi = openAIApi,
                Context = new LlmTelemetry.Configuration.CallContext(null, "test-branch", "test-host"),
                UserName = "tester",
                BaseUris = new Dictionary<ProviderKind, Uri>
                {
                    [ProviderKind.Anthropic] = server.BaseUri,
                    [ProviderKind.OpenAI] = new Uri(server.BaseUri, "v1/"),
                    [ProviderKind.OpenRouter] = new Uri(server.BaseUri, "api/v1/"),
                    [ProviderKind.OpenAICompatible] = new Uri(server.BaseUri, "v1/"),
                },
            });
        }

        public static ChatRequest Request(string model, bool stream = false) => new ChatRequest
        {
            Model = model,
            SystemPrompt = "You are terse.",
            Messages = new[] { ChatMessage.User("Say hello.") },
            MaxTokens = 256,
            Stream = stream,
            Agent = "test-agent",
            Operation = "greet",
            SessionId = "session-1",
            Project = "llmtelemetry",
        };
    }

    /// <summary>Collects streamed text synchronously (Progress&lt;T&gt; would post to the thread pool and race the assertions).</summary>
    internal sealed class TextCollector : IProgress<string>
    {
        private readonly List<string> _pieces = new();
        public IReadOnlyList<string> Pieces { get { lock (_pieces) return _pieces.ToArray(); } }
        public void Report(string value) { lock (_pieces) _pieces.Add(value); }
    }
}
