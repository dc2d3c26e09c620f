using System;
using System.Collections.Generic;
using System.Linq;

namespace LlmTelemetry.Queries
{
    /// <summary>One row of a cost breakdown (or the total): the group's key values and its totals. Immutable.</summary>
    public sealed record CostRow
    {
        /// <summary>The group key values in the order asked for; empty for the total row. A missing value is null.</summary>
        public IReadOnlyList<KeyValuePair<GroupKey, string?>> Key { get; init; } = Array.Empty<KeyValuePair<GroupKey, string?>>();

        public long Calls { get; init; }
        public long FailedCalls { get; init; }
        public long Sessions { get; init; }
        public long InputTokens { get; init; }
        public long OutputTokens { get; init; }
        public long CacheCreationInputTokens { get; init; }
        public long CacheCreation1hInputTokens { get; init; }
        public long CacheReadInputTokens { get; init; }
        public long ReasoningTokens { get; init; }
        public long TotalTokens { get; init; }

        /// <summary>Sum over priced calls; incomplete when <see cref="UnpricedCalls"/> is not 0.</summary>
        public double CostUsd { get; init; }

        public long UnpricedCalls { get; init; }
        public DateTimeOffset? FirstCall { get; init; }
        public DateTimeOffset? LastCall { get; init; }
        public double? AvgDurationMs { get; init; }
        public double? AvgCostPerSession { get; init; }

        public bool IsTotal => Key.Count == 0;

        /// <summary>"2026-11-20" for one key, "2026-11-20 / claude-sonnet-4-5" for several, "total" for the total row.</summary>
        public string KeyText => IsTotal ? "total" : string.Join(" / ", Key.Select(k => k.Value ?? "(none)"));

        public string? ValueOf(GroupKey key)
        {
            foreach (var k in Key) if (k.Key == key) return k.Value;
            return null;
        }

        internal static CostRow From(IReadOnlyList<KeyValuePair<GroupKey, string?>> key, UsageTotals t) => new CostRow
        {
            Key = key,
            Calls = t.Calls,
            FailedCalls = t.FailedCalls,
            Sessions = t.Sessions.Count,
            InputTokens = t.InputTokens,
            OutputTokens = t.OutputTokens,
            CacheCreationInputTokens = t.CacheCreationInputTokens,
            CacheCreation1hInputTokens = t.CacheCreation1hInputTokens,
            CacheReadInputTokens = t.CacheReadInputTokens,
            ReasoningTokens = t.ReasoningTokens,
            TotalTokens = t.TotalTokens,
            CostUsd = t.CostUsd,
            UnpricedCalls = t.UnpricedCalls,
            FirstCall = t.First,
            LastCall = t.Last,
            AvgDurationMs = t.AvgDurationMs,
            AvgCostPerSession = t.Sessions.Count == 0 ? null : t.CostUsd / t.Sessions.Count,
        };
    }
}
