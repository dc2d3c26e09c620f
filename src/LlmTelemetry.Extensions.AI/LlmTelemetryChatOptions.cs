using System;
using LlmTelemetry.Pricing;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Extensions.AI
{
    /// <summary>Where <see cref="TelemetryChatClient"/> records and what it records each call under.</summary>
    public sealed class LlmTelemetryChatOptions
    {
        /// <summary>
        /// The store's folder. Null: the store the core picks, as the CLI and the cmdlets do (LLM_TELEMETRY_DIR, then
        /// the user's config file, then the default). Ignored when <see cref="Store"/> is set.
        /// </summary>
        public string? StoreRoot { get; set; }

        /// <summary>A store the application opened itself (and disposes itself); null opens one from <see cref="StoreRoot"/>.</summary>
        public TelemetryStore? Store { get; set; }

        /// <summary>agent_name of the records.</summary>
        public string? Agent { get; set; }

        /// <summary>operation of the records.</summary>
        public string? Operation { get; set; }

        /// <summary>session_id of the records.</summary>
        public string? Session { get; set; }

        /// <summary>metadata.project; null: the git root's (else the current folder's) name, as every recorded call gets.</summary>
        public string? Project { get; set; }

        /// <summary>user_id; null: the OS user.</summary>
        public string? User { get; set; }

        /// <summary>
        /// The provider's name as records spell it (openai, anthropic, openrouter, …). Null: taken from the inner client's
        /// ChatClientMetadata (its ProviderUri's host for OpenRouter, Anthropic and OpenAI, else its ProviderName in lower case).
        /// </summary>
        public string? ProviderName { get; set; }

        /// <summary>metadata.source of the records.</summary>
        public string Source { get; set; } = "extensions-ai";

        /// <summary>Prices the calls; null: the model registry (built-ins plus the user's override file), as the CLI prices.</summary>
        public ICallPricer? Pricer { get; set; }

        /// <summary>
        /// Problems that do not fail the call (a record the store could not write, a refused price, a store warning).
        /// Null: an ILogger from the builder's services when there is one, else standard error.
        /// </summary>
        public Action<string>? Warning { get; set; }
    }
}
