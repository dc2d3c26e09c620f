using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace LlmTelemetry.Exporters.Prometheus
{
    /// <summary>
    /// The metrics of a push in the Prometheus text exposition format 0.0.4: # HELP and # TYPE per family, one line
    /// per series, label values escaped. The names are the ones scripts and dashboards query; do not rename them.
    /// </summary>
    internal static class PrometheusExposition
    {
        public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

        public const string Calls = "llm_calls_total";
        public const string FailedCalls = "llm_failed_calls_total";
        public const string Tokens = "llm_tokens_total";
        public const string CostUsd = "llm_cost_usd_total";
        public const string UnpricedCalls = "llm_unpriced_calls_total";
        public const string Duration = "llm_call_duration_seconds";

        /// <summary>The kind label's values of <see cref="Tokens"/>, with what each counts.</summary>
        public static readonly (string Kind, int Count)[] TokenKinds =
        {
            ("input", PushSeries.Input),
            ("output", PushSeries.Output),
            ("cache_read", PushSeries.CacheRead),
            ("cache_write", PushSeries.CacheWrite),
            ("reasoning", PushSeries.Reasoning),
        };

        public static string Render(IReadOnlyList<PushSeries> series)
        {
            // Each series' labels are escaped and joined once, for the 26 lines written with them.
            var labels = new string[series.Count];
            for (int i = 0; i < series.Count; i++) labels[i] = LabelText(series[i]);
            var text = new StringBuilder(series.Count * 2048);
            Counter(text, series, labels, Calls, "LLM calls recorded (llm_call events), since the store's first day.", PushSeries.Calls);
            Counter(text, series, labels, FailedCalls, "LLM calls that failed.", PushSeries.FailedCalls);
            Family(text, Tokens, "counter", "Tokens of LLM calls by kind: input at the base rate, output (reasoning included), cache reads, cache writes, reasoning.");
            for (int i = 0; i < series.Count; i++)
                foreach (var (kind, count) in TokenKinds)
                    Line(text, Tokens, labels[i], ",kind=\"" + kind + "\"", Integer(series[i].Counts[count]));
            Family(text, CostUsd, "counter", "Cost of the priced LLM calls in US dollars (llm_unpriced_calls_total counts the others).");
            for (int i = 0; i < series.Count; i++) Line(text, CostUsd, labels[i], "", Number(series[i].CostUsd));
            Counter(text, series, labels, UnpricedCalls, "LLM calls whose model had no price.", PushSeries.Unpriced);
            Family(text, Duration, "histogram", "Duration of LLM calls in seconds (GenAI gen_ai.client.operation.duration boundaries).");
            var le = new string[DurationBuckets.BoundsSeconds.Length];
            for (int b = 0; b < le.Length; b++) le[b] = ",le=\"" + Number(DurationBuckets.BoundsSeconds[b]) + "\"";
            for (int i = 0; i < series.Count; i++)
            {
                var counts = series[i].Counts;
                long cumulative = 0;
                for (int b = 0; b < le.Length; b++)
                {
                    cumulative += counts[PushSeries.FirstBucket + b];
                    Line(text, Duration + "_bucket", labels[i], le[b], Integer(cumulative));
                }
                long count = counts[PushSeries.DurationCount];
                Line(text, Duration + "_bucket", labels[i], ",le=\"+Inf\"", Integer(count));
                Line(text, Duration + "_sum", labels[i], "", Number(counts[PushSeries.DurationSumMs] / 1000.0));
                Line(text, Duration + "_count", labels[i], "", Integer(count));
            }
            return text.ToString();
        }

        private static void Counter(StringBuilder text, IReadOnlyList<PushSeries> series, string[] labels, string name, string help, int count)
        {
            Family(text, name, "counter", help);
            for (int i = 0; i < series.Count; i++) Line(text, name, labels[i], "", Integer(series[i].Counts[count]));
        }

        private static void Family(StringBuilder text, string name, string type, string help)
            => text.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(help)).Append('\n')
                .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

        /// <summary>model="…",provider="…",agent="…",project="…",host="…" (no braces).</summary>
        private static string LabelText(PushSeries series)
        {
            var text = new StringBuilder();
            for (int i = 0; i < series.Labels.Length; i++)
            {
                if (i > 0) text.Append(',');
                text.Append(PushSeries.LabelNames[i]).Append("=\"").Append(EscapeLabel(series.Labels[i])).Append('"');
            }
            return text.ToString();
        }

        /// <param name="extra">More labels, each starting with a comma (already escaped), or "".</param>
        private static void Line(StringBuilder text, string name, string labels, string extra, string value)
            => text.Append(name).Append('{').Append(labels).Append(extra).Append("} ").Append(value).Append('\n');

        /// <summary>A label value as the format reads it back: backslash, double quote and line feed escaped.</summary>
        internal static string EscapeLabel(string value)
        {
            if (value.IndexOfAny(LabelSpecials) < 0) return value;
            return value.Replace("\\", "\\\\").Replace("\"", "\\\"").Replace("\n", "\\n");
        }

        private static readonly char[] LabelSpecials = { '\\', '"', '\n' };

        /// <summary>HELP text escapes backslash and line feed only.</summary>
        private static string EscapeHelp(string help) => help.Replace("\\", "\\\\").Replace("\n", "\\n");

        private static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

        /// <summary>Round-trip form, so the gateway stores exactly the double the store summed.</summary>
        private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}
