using System;
using System.Collections.Generic;
using System.Net.Http;
using LlmTelemetry.Configuration;
using LlmTelemetry.Pricing;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Providers
{
    /// <summary>How an <see cref="LlmClient"/> records, prices, routes, retries and logs. A class so that it can hold delegates and an HttpClient.</summary>
    public sealed class LlmClientOptions
    {
        /// <summary>Where every call is recorded, success or failure; null records nothing.</summary>
        public ITelemetrySink? Sink { get; init; }

        /// <summary>
        /// The registry: prices a call (a provider's own figure, OpenRouter's usage.cost, is preferred), names the
        /// provider of a model id (before the built-in routing rules), and turns an alias into a model id (before the
        /// built-in aliases sonnet, opus, haiku). Null leaves calls unpriced and routing to the built-in rules.
        /// </summary>
        public ICallPricer? Pricer { get; init; }

        /// <summary>
        /// The budgets the client enforces before it sends (an enforced budget covering the call refuses it when the
        /// estimate would cross it) and checks for alerts after each recorded call (warnings through <see cref="Warning"/>).
        /// Null: neither.
        /// </summary>
        public LlmTelemetry.Budgets.BudgetMonitor? Budgets { get; init; }

        /// <summary>Reads an environment variable; injected by tests. API keys are read from here only.</summary>
        public Func<string, string?> Environment { get; init; } = System.Environment.GetEnvironmentVariable;

        /// <summary>Each attempt, wait and outcome, one line each (the cmdlet routes it to WriteVerbose). Never contains the key.</summary>
        public Action<string>? Log { get; init; }

        /// <summary>Problems that do not fail the call, such as a record the sink could not store.</summary>
        public Action<string>? Warning { get; init; }

        public RetryOptions Retry { get; init; } = RetryOptions.Default;

        /// <summary>Deadline of a whole call, retries included, when the request sets none.</summary>
        public TimeSpan DefaultTimeout { get; init; } = TimeSpan.FromMinutes(10);

        /// <summary>Endpoint per provider, replacing the public ones (tests, proxies, a local server's address).</summary>
        public IReadOnlyDictionary<ProviderKind, Uri>? BaseUris { get; init; }

        /// <summary>The endpoint used for <see cref="ProviderKind.OpenAI"/>; the others always use Chat Completions.</summary>
        public OpenAIApi OpenAIApi { get; init; } = OpenAIApi.ChatCompletions;

        /// <summary>max_tokens for Anthropic when the request has none (Anthropic requires it).</summary>
        public int DefaultMaxTokens { get; init; } = 4096;

        /// <summary>Extra headers for OpenRouter (HTTP-Referer, X-Title attribute usage to an app).</summary>
        public IReadOnlyDictionary<string, string>? OpenRouterHeaders { get; init; }

        /// <summary>metadata.source of the records when the request names none.</summary>
        public string Source { get; init; } = "llmtelemetry";

        /// <summary>Project, git branch and host filled into records where the request names none; detected from the current folder when null.</summary>
        public CallContext? Context { get; init; }

        /// <summary>user_id of the records when the request names none; the OS user when null.</summary>
        public string? UserName { get; init; }

        /// <summary>Used instead of the client's own; its Timeout should be infinite, since the client applies the request's timeout itself.</summary>
        public HttpClient? HttpClient { get; init; }

        /// <summary>
        /// How the client waits between attempts (Task.Delay when null). Tests pass one that records the wait and returns
        /// at once, so a retry after "Retry-After: 1" is checked by what was asked, not by how long the test took.
        /// </summary>
        internal Func<TimeSpan, System.Threading.CancellationToken, System.Threading.Tasks.Task>? Delay { get; init; }
    }
}
