using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using LlmTelemetry.Queries;

namespace LlmTelemetry.Cli.Output
{
    /// <summary>Writes the CLI's --json documents (snake_case, stable field order) to standard output.</summary>
    internal static class JsonOut
    {
        public static void Write(Action<Utf8JsonWriter> body)
        {
            using var stdout = Console.OpenStandardOutput();
            Write(stdout, body);
            stdout.WriteByte((byte)'\n');
            stdout.Flush();
        }

        /// <summary>One document to <paramref name="output"/> (serve's responses): the same writer options as standard output's.</summary>
        public static void Write(Stream output, Action<Utf8JsonWriter> body)
        {
            using var writer = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = false, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
            body(writer);
        }

        /// <summary>An enum value as a --json token: DeleteHistory is "delete_history", the snake_case event types use too.</summary>
        public static string Token(Enum value) => Records.EventTypes.Normalize(value.ToString());

        public static void Range(Utf8JsonWriter w, DateRange? range, TimeZoneInfo zone)
        {
            w.WriteStartObject("range");
            if (range is null)
            {
                w.WriteNull("since");
                w.WriteNull("until");
            }
            else
            {
                w.WriteString("since", range.SinceText);
                w.WriteString("until", range.UntilText);
            }
            w.WriteString("timezone", TimeZones.Name(zone));
            w.WriteEndObject();
        }

        /// <summary>One cost row with exactly the fields the costs contract names.</summary>
        public static void CostRow(Utf8JsonWriter w, CostRow row)
        {
            w.WriteStartObject();
            if (row.IsTotal) w.WriteString("key", "total");
            else if (row.Key.Count == 1) StringOrNull(w, "key", row.Key[0].Value);
            else
            {
                w.WriteStartObject("key");
                foreach (var k in row.Key) StringOrNull(w, GroupKeys.Name(k.Key), k.Value);
                w.WriteEndObject();
            }
            w.WriteNumber("calls", row.Calls);
            w.WriteNumber("input_tokens", row.InputTokens);
            w.WriteNumber("output_tokens", row.OutputTokens);
            w.WriteNumber("cache_creation_input_tokens", row.CacheCreationInputTokens);
            w.WriteNumber("cache_creation_1h_input_tokens", row.CacheCreation1hInputTokens);
            w.WriteNumber("cache_read_input_tokens", row.CacheReadInputTokens);
            w.WriteNumber("reasoning_tokens", row.ReasoningTokens);
            w.WriteNumber("total_tokens", row.TotalTokens);
            w.WriteNumber("cost_usd", Math.Round(row.CostUsd, 10));
            w.WriteNumber("unpriced_calls", row.UnpricedCalls);
            w.WriteEndObject();
        }

        /// <summary>An array of <see cref="Named"/> entries (top models, slowest or most common operations).</summary>
        public static void NamedList(Utf8JsonWriter w, string name, IEnumerable<NamedUsage> items)
        {
            w.WriteStartArray(name);
            foreach (var n in items) Named(w, n);
            w.WriteEndArray();
        }

        public static void Named(Utf8JsonWriter w, NamedUsage n)
        {
            w.WriteStartObject();
            StringOrNull(w, "name", n.Name);
            w.WriteNumber("calls", n.Calls);
            w.WriteNumber("failed_calls", n.FailedCalls);
            w.WriteNumber("total_tokens", n.TotalTokens);
            w.WriteNumber("cost_usd", Math.Round(n.CostUsd, 10));
            w.WriteNumber("unpriced_calls", n.UnpricedCalls);
            NumberOrNull(w, "avg_duration_ms", n.AvgDurationMs);
            NumberOrNull(w, "p95_duration_ms", n.P95DurationMs);
            w.WriteEndObject();
        }

        public static void Slots(Utf8JsonWriter w, string name, IEnumerable<TimeSlotCount> slots, string slotName)
        {
            w.WriteStartArray(name);
            foreach (var s in slots)
            {
                w.WriteStartObject();
                w.WriteNumber(slotName, s.Slot);
                w.WriteString("label", s.Label);
                w.WriteNumber("calls", s.Calls);
                w.WriteNumber("cost_usd", Math.Round(s.CostUsd, 10));
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }

        public static void StringOrNull(Utf8JsonWriter w, string name, string? value)
        {
            if (value is null) w.WriteNull(name);
            else w.WriteString(name, value);
        }

        public static void NumberOrNull(Utf8JsonWriter w, string name, double? value)
        {
            if (value is null) w.WriteNull(name);
            else w.WriteNumber(name, Math.Round(value.Value, 3));
        }
    }
}
