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
        public static readonly (string Kind, Func<Queries.UsageTotals, long> Count)[] TokenKinds =
        {
            ("input", t => t.InputTokens),
            ("output", t => t.OutputTokens),
            ("cache_read", t => t.CacheReadInputTokens),
            ("cache_write", t => t.CacheCreationInputTokens),
            ("reasoning", t => t.ReasoningTokens),
        };

        public static string Render(IReadOnlyList<PushSeries> series)
        {
            var text = new StringBuilder();
            Counter(text, series, Calls, "LLM calls recorded (llm_call events), since the store's first day.", s => s.Totals.Calls);
            Counter(text, series, FailedCalls, "LLM calls that failed.", s => s.Totals.FailedCalls);
            Family(text, Tokens, "counter", "Tokens of LLM calls by kind: input at the base rate, output (reasoning included), cache reads, cache writes, reasoning.");
            foreach (var s in series)
                foreach (var (kind, count) in TokenKinds)
                    Line(text, Tokens, s, "kind", kind, Integer(count(s.Totals)));
            Counter(text, series, CostUsd, "Cost of the priced LLM calls in US dollars (llm_unpriced_calls_total counts the others).", s => s.Totals.CostUsd);
            Counter(text, series, UnpricedCalls, "LLM calls whose model had no price.", s => s.Totals.UnpricedCalls);
            Family(text, Duration, "histogram", "Duration of LLM calls in seconds (GenAI gen_ai.client.operation.duration boundaries).");
            foreach (var s in series)
            {
                var cumulative = DurationBuckets.Cumulative(s.Latency);
                for (int i = 0; i < cumulative.Length; i++)
                    Line(text, Duration + "_bucket", s, "le", Number(DurationBuckets.BoundsSeconds[i]), Integer(cumulative[i]));
                Line(text, Duration + "_bucket", s, "le", "+Inf", Integer(s.Totals.DurationCount));
                Line(text, Duration + "_sum", s, null, null, Number(s.Totals.DurationSumMs / 1000.0));
                Line(text, Duration + "_count", s, null, null, Integer(s.Totals.DurationCount));
            }
            return text.ToString();
        }

        private static void Counter(StringBuilder text, IReadOnlyList<PushSeries> series, string name, string help, Func<PushSeries, long> value)
        {
            Family(text, name, "counter", help);
            foreach (var s in series) Line(text, name, s, null, null, Integer(value(s)));
        }

        private static void Counter(StringBuilder text, IReadOnlyList<PushSeries> series, string name, string help, Func<PushSeries, double> value)
        {
            Family(text, name, "counter", help);
            foreach (var s in series) Line(text, name, s, null, null, Number(value(s)));
        }

        private static void Family(StringBuilder text, string name, string type, string help)
            => text.Append("# HELP ").Append(name).Append(' ').Append(EscapeHelp(help)).Append('\n')
                .Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');

        private static void Line(StringBuilder text, string name, PushSeries series, string? extraLabel, string? extraValue, string value)
        {
            text.Append(name).Append('{');
            var values = series.LabelValues;
            for (int i = 0; i < values.Length; i++)
            {
                if (i > 0) text.Append(',');
                text.Append(PushSeries.LabelNames[i]).Append("=\"").Append(EscapeLabel(values[i])).Append('"');
            }
            if (extraLabel is not null) text.Append(',').Append(extraLabel).Append("=\"").Append(EscapeLabel(extraValue!)).Append('"');
            text.Append("} ").Append(value).Append('\n');
        }

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
