using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using LlmTelemetry.Records;

namespace LlmTelemetry.Queries
{
    /// <summary>
    /// Running totals over a set of records: the one accumulator behind day summaries, cost rows and stats, so
    /// every report counts calls, tokens, cost and unpriced calls the same way. Not thread-safe.
    /// </summary>
    public sealed class UsageTotals
    {
        /// <summary>Every event (llm_call and others).</summary>
        [JsonPropertyName("events")] public long Events { get; set; }

        /// <summary>llm_call events.</summary>
        [JsonPropertyName("calls")] public long Calls { get; set; }

        [JsonPropertyName("failed")] public long Failed { get; set; }
        [JsonPropertyName("input")] public long InputTokens { get; set; }
        [JsonPropertyName("output")] public long OutputTokens { get; set; }
        [JsonPropertyName("cache_creation_input")] public long CacheCreationInputTokens { get; set; }
        [JsonPropertyName("cache_creation_1h_input")] public long CacheCreation1hInputTokens { get; set; }
        [JsonPropertyName("cache_read_input")] public long CacheReadInputTokens { get; set; }
        [JsonPropertyName("reasoning")] public long ReasoningTokens { get; set; }
        [JsonPropertyName("total")] public long TotalTokens { get; set; }

        /// <summary>Sum over priced records only; see <see cref="UnpricedCalls"/> for what it leaves out.</summary>
        [JsonPropertyName("cost_usd")] public double CostUsd { get; set; }

        /// <summary>llm_call events whose model had no price (cost null): the total is incomplete when this is not 0.</summary>
        [JsonPropertyName("unpriced_calls")] public long UnpricedCalls { get; set; }

        [JsonPropertyName("duration_sum_ms")] public long DurationSumMs { get; set; }
        [JsonPropertyName("duration_count")] public long DurationCount { get; set; }
        [JsonPropertyName("first")] public DateTimeOffset? First { get; set; }
        [JsonPropertyName("last")] public DateTimeOffset? Last { get; set; }

        /// <summary>Distinct session ids seen (for session counts and cost per session).</summary>
        [JsonPropertyName("sessions")] public HashSet<string> Sessions { get; set; } = new HashSet<string>(StringComparer.Ordinal);

        [JsonIgnore] public double? AvgDurationMs => DurationCount == 0 ? null : (double)DurationSumMs / DurationCount;
        [JsonIgnore] public double? SuccessRate => Calls == 0 ? null : (double)(Calls - FailedCalls) / Calls;

        /// <summary>Failed llm_call events (Failed counts every failed event).</summary>
        [JsonPropertyName("failed_calls")] public long FailedCalls { get; set; }

        public void Add(TelemetryRecord r)
        {
            Events++;
            var t = r.Tokens;
            InputTokens += t.Input;
            OutputTokens += t.Output;
            CacheCreationInputTokens += t.CacheCreationInput;
            CacheCreation1hInputTokens += t.CacheCreation1hInput;
            CacheReadInputTokens += t.CacheReadInput;
            ReasoningTokens += t.Reasoning;
            TotalTokens += t.Total;
            if (!r.Success) Failed++;
            if (r.CostUsd is double cost) CostUsd += cost;
            if (r.IsLlmCall)
            {
                Calls++;
                if (!r.Success) FailedCalls++;
                if (r.CostUsd is null) UnpricedCalls++;
            }
            if (r.DurationMs is long d)
            {
                DurationSumMs += d;
                DurationCount++;
            }
            if (First is null || r.Timestamp < First) First = r.Timestamp;
            if (Last is null || r.Timestamp > Last) Last = r.Timestamp;
            if (!string.IsNullOrEmpty(r.SessionId)) Sessions.Add(r.SessionId!);
        }

        public void Merge(UsageTotals o) => Merge(o, includeSessions: true);

        /// <summary>Adds <paramref name="o"/>; without its sessions when the caller accounts for them another way.</summary>
        public void Merge(UsageTotals o, bool includeSessions)
        {
            Events += o.Events;
            Calls += o.Calls;
            Failed += o.Failed;
            FailedCalls += o.FailedCalls;
            InputTokens += o.InputTokens;
            OutputTokens += o.OutputTokens;
            CacheCreationInputTokens += o.CacheCreationInputTokens;
            CacheCreation1hInputTokens += o.CacheCreation1hInputTokens;
            CacheReadInputTokens += o.CacheReadInputTokens;
            ReasoningTokens += o.ReasoningTokens;
            TotalTokens += o.TotalTokens;
            CostUsd += o.CostUsd;
            UnpricedCalls += o.UnpricedCalls;
            DurationSumMs += o.DurationSumMs;
            DurationCount += o.DurationCount;
            if (o.First is { } f && (First is null || f < First)) First = f;
            if (o.Last is { } l && (Last is null || l > Last)) Last = l;
            if (includeSessions) Sessions.UnionWith(o.Sessions);
        }
    }
}
