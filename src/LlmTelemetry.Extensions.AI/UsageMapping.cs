using System;
using System.Collections.Generic;
using LlmTelemetry.Records;
using Microsoft.Extensions.AI;

namespace LlmTelemetry.Extensions.AI
{
    /// <summary>Microsoft.Extensions.AI's usage in the record's meaning (input without cache reads and writes).</summary>
    internal static class UsageMapping
    {
        /// <summary>
        /// AdditionalCounts keys that carry cache writes, as adapters name them (Anthropic's cache_creation_input_tokens,
        /// OpenRouter's cache_write_tokens, in their wire and .NET spellings). Compared ignoring case; the first present wins.
        /// </summary>
        internal static readonly string[] CacheWriteKeys =
        {
            "CacheCreationInputTokens", "cache_creation_input_tokens", "CacheCreationInputTokenCount",
            "CacheWriteInputTokenCount", "CacheWriteTokens", "cache_write_tokens", "InputTokenDetails.CacheWriteTokenCount",
        };

        /// <summary>
        /// Null when the client reported no token counts. InputTokenCount includes the cached tokens (the abstraction's
        /// rule, and what the OpenAI adapter gives), so cache reads and writes are taken out of it by the core's rule.
        /// </summary>
        public static TokenUsage? ToTokens(UsageDetails? usage)
        {
            if (usage is null || (usage.InputTokenCount is null && usage.OutputTokenCount is null)) return null;
            return TokenUsage.FromInclusiveInput(
                usage.InputTokenCount ?? 0,
                usage.OutputTokenCount ?? 0,
                cacheReadInput: usage.CachedInputTokenCount ?? 0,
                cacheCreationInput: CacheWrites(usage.AdditionalCounts),
                reasoning: usage.ReasoningTokenCount ?? 0);
        }

        private static long CacheWrites(IDictionary<string, long>? counts)
        {
            if (counts is null || counts.Count == 0) return 0;
            foreach (var key in CacheWriteKeys)
                foreach (var pair in counts)
                    if (string.Equals(pair.Key, key, StringComparison.OrdinalIgnoreCase)) return pair.Value;
            return 0;
        }
    }
}
