using System;
using System.Collections.Generic;

namespace LlmTelemetry.Providers
{
    /// <summary>
    /// One chat call: what to send, how, and the context it is recorded under. Immutable; front ends bind their
    /// parameters to it. The API key is deliberately not here: keys come from the environment only.
    /// </summary>
    public sealed record ChatRequest
    {
        /// <summary>Model id or alias (e.g. <c>claude-sonnet-4-5</c>, <c>sonnet</c>, <c>gpt-4o</c>, <c>meta-llama/llama-3.1-8b-instruct</c>).</summary>
        public string Model { get; init; } = "";

        public IReadOnlyList<ChatMessage> Messages { get; init; } = Array.Empty<ChatMessage>();
        public string? SystemPrompt { get; init; }

        /// <summary>Output token cap; Anthropic requires one, so the client's default applies when null.</summary>
        public int? MaxTokens { get; init; }

        public double? Temperature { get; init; }
        public IReadOnlyList<string>? StopSequences { get; init; }
        public bool Stream { get; init; }

        /// <summary>
        /// Refuse the call, before anything is sent, when its estimate (the prompt's tokens plus the output cap, at the
        /// model's prices) is more than this many US dollars. Null: no per-call limit.
        /// </summary>
        public double? MaxCostUsd { get; init; }

        /// <summary>Deadline for the whole call, retries and waits included; the client's default when null.</summary>
        public TimeSpan? Timeout { get; init; }

        /// <summary>Overrides the provider the model id would pick.</summary>
        public ProviderKind? Provider { get; init; }

        /// <summary>Where to send the call. Without <see cref="Provider"/> it means an OpenAI-compatible server.</summary>
        public Uri? BaseUri { get; init; }

        /// <summary>Anthropic only: true marks the system prompt cacheable, false never, null when it is long enough to be cached.</summary>
        public bool? CacheSystemPrompt { get; init; }

        public CacheLifetime CacheLifetime { get; init; } = CacheLifetime.FiveMinutes;

        /// <summary>Receives text as it arrives when streaming, so a front end can print it. Called on the thread that reads the response.</summary>
        public IProgress<string>? TextDeltas { get; init; }

        // The context the call is recorded under.
        public string? Agent { get; init; }
        public string? Operation { get; init; }
        public string? SessionId { get; init; }
        public string? Project { get; init; }
        public string? UserId { get; init; }
        public string? GitBranch { get; init; }

        /// <summary>The recording tool's name in metadata.source; the client's default when null.</summary>
        public string? Source { get; init; }

        /// <summary>Told the usage a stream has reported so far, so that a call cut short is still recorded with the tokens it was billed.</summary>
        internal Action<LlmTelemetry.Records.TokenUsage>? PartialUsage { get; init; }
    }
}
