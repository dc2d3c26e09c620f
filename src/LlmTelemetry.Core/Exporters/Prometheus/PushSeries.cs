using System;
using System.Text.Json.Serialization;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Exporters.Prometheus
{
    /// <summary>
    /// One Prometheus label set and its llm_call totals: calls, failures, tokens by kind, cost, unpriced calls and the
    /// durations (their sum, their count, and their counts per GenAI bucket). A missing name is the empty label value,
    /// which Prometheus treats as no label. Kept as arrays so that the totals cache (<see cref="PushTotalsCache"/>)
    /// stores it as it is.
    /// </summary>
    internal sealed class PushSeries
    {
        public const int Calls = 0, FailedCalls = 1, Input = 2, Output = 3, CacheRead = 4, CacheWrite = 5, Reasoning = 6, Unpriced = 7,
            DurationSumMs = 8, DurationCount = 9, FirstBucket = 10;

        /// <summary>The counts: the fields above, then one per duration bucket (<see cref="DurationBuckets.Count"/>, the last above every boundary).</summary>
        public static readonly int CountsLength = FirstBucket + DurationBuckets.Count;

        private static readonly string[] CountNames =
            { "calls", "failed_calls", "input_tokens", "output_tokens", "cache_read_input_tokens", "cache_creation_input_tokens", "reasoning_tokens", "unpriced_calls", "duration_ms", "duration_count" };

        /// <summary>The label names, in the order of <see cref="Labels"/> and of every line written.</summary>
        public static readonly string[] LabelNames = { "model", "provider", "agent", "project", "host" };

        [JsonPropertyName("labels")] public string[] Labels { get; set; } = new string[LabelNames.Length];
        [JsonPropertyName("counts")] public long[] Counts { get; set; } = new long[CountsLength];
        [JsonPropertyName("cost_usd")] public double CostUsd { get; set; }

        public string Model => Labels[0];
        public string Host => Labels[4];

        public static PushSeries For(RollupCell cell) => new PushSeries
        {
            Labels = new[] { cell.Model ?? "", cell.Provider ?? "", cell.Agent ?? "", cell.Project ?? "", cell.Host ?? "" },
        };

        /// <summary>The label values joined: what tells two series apart.</summary>
        [JsonIgnore] public string Key => string.Join("\u001f", Labels);

        /// <summary>A copy with another host label (anonymised).</summary>
        public PushSeries WithHost(string host)
        {
            var labels = (string[])Labels.Clone();
            labels[4] = host;
            return new PushSeries { Labels = labels, Counts = (long[])Counts.Clone(), CostUsd = CostUsd };
        }

        /// <summary>Adds an llm_call cell: its sums and its latency buckets mapped onto the GenAI boundaries.</summary>
        public void Add(RollupCell cell)
        {
            var t = cell.Totals;
            Add(Calls, t.Calls);
            Add(FailedCalls, t.FailedCalls);
            Add(Input, t.InputTokens);
            Add(Output, t.OutputTokens);
            Add(CacheRead, t.CacheReadInputTokens);
            Add(CacheWrite, t.CacheCreationInputTokens);
            Add(Reasoning, t.ReasoningTokens);
            Add(Unpriced, t.UnpricedCalls);
            Add(DurationSumMs, t.DurationSumMs);
            Add(DurationCount, t.DurationCount);
            CostUsd = UsageTotals.SumCost(CostUsd, t.CostUsd);
            if (cell.Latency is { } latency)
                foreach (var pair in latency) Add(FirstBucket + DurationBuckets.IndexOf(pair.Key), pair.Value);
        }

        public void Merge(PushSeries other)
        {
            if (other.Counts.Length != Counts.Length) throw new ArgumentException("the series were counted with other buckets", nameof(other));
            for (int i = 0; i < Counts.Length; i++) Add(i, other.Counts[i]);
            CostUsd = UsageTotals.SumCost(CostUsd, other.CostUsd);
        }

        private void Add(int index, long value)
            => Counts[index] = UsageTotals.Sum(Counts[index], value, index < CountNames.Length ? CountNames[index] : "duration_buckets");
    }
}
