using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using LlmTelemetry.Records;

namespace LlmTelemetry.Exporters.Otlp
{
    /// <summary>
    /// An ExportMetricsServiceRequest with the two GenAI client metrics of one batch's calls: gen_ai.client.token.usage
    /// (per gen_ai.token.type) and gen_ai.client.operation.duration, per operation, provider and model, one resource per
    /// host.
    /// </summary>
    /// <remarks>
    /// DELTA temporality, over the batch's own calls: a collector cannot tell a batch sent again (a crash, --from-start)
    /// from new calls, and a delta from this batch is what the records themselves say, so each batch stands alone.
    /// Cumulative points would need every call's value since the first day to rebuild the distributions, and the
    /// history rollups keep latency buckets of their own (not the GenAI ones) and no token distributions at all.
    /// </remarks>
    internal static class OtlpMetrics
    {
        /// <summary>Writes the request; the batch must hold at least one llm_call.</summary>
        public static void Write(Utf8JsonWriter w, IReadOnlyList<IGrouping<string?, TelemetryRecord>> byHost)
        {
            var calls = byHost.SelectMany(h => h).Where(r => r.IsLlmCall).ToList();
            if (calls.Count == 0) throw new ArgumentException("the batch holds no llm_call", nameof(byHost));
            // The interval the deltas cover: the batch's first call to just past its last (the end is exclusive).
            string start = OtlpJson.Nanos(calls.Min(r => r.Timestamp));
            string end = OtlpJson.Nanos(calls.Max(r => r.Timestamp).AddTicks(1));
            w.WriteStartObject();
            w.WriteStartArray("resourceMetrics");
            foreach (var host in byHost)
            {
                var hostCalls = host.Where(r => r.IsLlmCall).ToList();
                if (hostCalls.Count == 0) continue;
                var tokens = new SortedDictionary<string, (Key Key, string Type, OtlpHistogram Histogram)>(StringComparer.Ordinal);
                var durations = new SortedDictionary<string, (Key Key, OtlpHistogram Histogram)>(StringComparer.Ordinal);
                foreach (var r in hostCalls)
                {
                    var key = new Key(r.Provider, r.Model);
                    Token(tokens, key, GenAiConventions.TokenTypeInput, OtlpLogs.InputTokens(r.Tokens ?? TokenUsage.Zero));
                    Token(tokens, key, GenAiConventions.TokenTypeOutput, (r.Tokens ?? TokenUsage.Zero).Output);
                    if (r.DurationMs is long ms)
                    {
                        string id = key.Id;
                        if (!durations.TryGetValue(id, out var d)) durations[id] = d = (key, new OtlpHistogram(GenAiConventions.OperationDurationBounds));
                        d.Histogram.Add(ms / 1000.0);
                    }
                }
                OtlpJson.ResourceEntry(w, host.Key, "scopeMetrics", "metrics", () =>
                {
                    Metric(w, GenAiConventions.TokenUsageMetric, GenAiConventions.TokenUsageUnit, "Number of input and output tokens used",
                        tokens.Values.Select(t => (t.Key, (string?)t.Type, t.Histogram)), start, end);
                    if (durations.Count > 0)
                        Metric(w, GenAiConventions.OperationDurationMetric, GenAiConventions.OperationDurationUnit, "GenAI operation duration",
                            durations.Values.Select(d => (d.Key, (string?)null, d.Histogram)), start, end);
                });
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }

        private static void Token(SortedDictionary<string, (Key, string, OtlpHistogram)> tokens, Key key, string type, long count)
        {
            string id = key.Id + "\u001f" + type;
            if (!tokens.TryGetValue(id, out var t)) tokens[id] = t = (key, type, new OtlpHistogram(GenAiConventions.TokenUsageBounds));
            t.Item3.Add(count);
        }

        private static void Metric(Utf8JsonWriter w, string name, string unit, string description,
            IEnumerable<(Key Key, string? TokenType, OtlpHistogram Histogram)> points, string start, string end)
        {
            w.WriteStartObject();
            w.WriteString("name", name);
            w.WriteString("description", description);
            w.WriteString("unit", unit);
            w.WriteStartObject("histogram");
            w.WriteNumber("aggregationTemporality", OtlpNames.Delta);
            w.WriteStartArray("dataPoints");
            foreach (var (key, tokenType, h) in points)
            {
                w.WriteStartObject();
                w.WriteStartArray("attributes");
                OtlpJson.String(w, GenAiConventions.OperationName, GenAiConventions.ChatOperation);
                OtlpJson.String(w, GenAiConventions.ProviderName, key.Provider);
                OtlpJson.String(w, GenAiConventions.RequestModel, key.Model);
                OtlpJson.String(w, GenAiConventions.TokenType, tokenType);
                w.WriteEndArray();
                w.WriteString("startTimeUnixNano", start);
                w.WriteString("timeUnixNano", end);
                w.WriteString("count", OtlpJson.Int(h.Count));
                w.WriteNumber("sum", h.Sum);
                w.WriteStartArray("bucketCounts");
                foreach (long c in h.Counts) w.WriteStringValue(OtlpJson.Int(c));
                w.WriteEndArray();
                w.WriteStartArray("explicitBounds");
                foreach (double b in h.Bounds) w.WriteNumberValue(b);
                w.WriteEndArray();
                w.WriteNumber("min", h.Min);
                w.WriteNumber("max", h.Max);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        /// <summary>The attributes a data point is told apart by (besides the token type).</summary>
        private readonly struct Key
        {
            public Key(string? provider, string? model)
            {
                Provider = provider;
                Model = model;
            }

            public string? Provider { get; }
            public string? Model { get; }
            public string Id => (Provider ?? "\0") + "\u001f" + (Model ?? "\0");
        }
    }
}
