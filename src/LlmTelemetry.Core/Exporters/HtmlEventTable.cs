using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text.Json;
using LlmTelemetry.Records;

namespace LlmTelemetry.Exporters
{
    /// <summary>
    /// The table's events in a compact form: one array per record with its fields in <see cref="Fields"/> order, and
    /// names that repeat (model, agent, …) as indexes into one string list. Spelling the keys out for each of 50,000
    /// records tripled the page and its parse time; the page rebuilds the full record, in the stored key order, only
    /// for the rows it expands or exports.
    /// </summary>
    internal static class HtmlEventTable
    {
        /// <summary>"t" is the local time text in the report's zone; "extra" holds metadata fields other writers added.</summary>
        public static readonly string[] Fields =
        {
            "t", "v", "id", "timestamp", "event_type", "provider", "model", "agent_name", "operation", "session_id", "user_id",
            "duration_ms", "input", "output", "cache_creation_input", "cache_creation_1h_input", "cache_read_input", "reasoning",
            "total", "cost_usd", "success", "prompt_hash", "response_hash", "project", "git_branch", "host", "error", "source",
            "extra", "payload",
        };

        /// <summary>Fields written as an index into "strings" (low-cardinality names).</summary>
        public static readonly string[] Interned =
        {
            "event_type", "provider", "model", "agent_name", "operation", "session_id", "user_id", "project", "git_branch", "host", "source",
        };

        private const int RowsPerChunk = 2000;

        /// <summary>Writes {"fields":[…],"interned":[…],"strings":[…],"rows":[[…],…]} through <paramref name="escape"/>.</summary>
        public static void Write(Stream output, IReadOnlyList<TelemetryRecord> events, TimeZoneInfo zone, Action<Stream, byte[], int> escape)
        {
            var strings = new List<string>();
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            int? Intern(string? s)
            {
                if (s is null) return null;
                if (!index.TryGetValue(s, out int i))
                {
                    i = strings.Count;
                    strings.Add(s);
                    index[s] = i;
                }
                return i;
            }

            // Rows first into chunks (the string list is only complete at the end), then the header, strings and rows.
            var rows = new MemoryStream(events.Count * 160 + 16);
            using (var w = new Utf8JsonWriter(rows, HtmlReportWriter.JsonOptions))
            {
                w.WriteStartArray();
                for (int i = 0; i < events.Count; i++)
                {
                    WriteRow(w, events[i], zone, Intern);
                    if (i % RowsPerChunk == RowsPerChunk - 1) w.Flush();
                }
                w.WriteEndArray();
            }

            var head = new MemoryStream();
            using (var w = new Utf8JsonWriter(head, HtmlReportWriter.JsonOptions))
            {
                w.WriteStartObject();
                w.WriteStartArray("fields");
                foreach (var f in Fields) w.WriteStringValue(f);
                w.WriteEndArray();
                w.WriteStartArray("interned");
                foreach (var f in Interned) w.WriteStringValue(f);
                w.WriteEndArray();
                w.WriteStartArray("strings");
                foreach (var s in strings) w.WriteStringValue(s);
                w.WriteEndArray();
                w.WritePropertyName("rows");
                w.WriteRawValue("0", skipInputValidation: true); // placeholder: replaced by the rows below
                w.WriteEndObject();
            }
            var headBytes = head.ToArray();
            int placeholder = Array.LastIndexOf(headBytes, (byte)'0');
            escape(output, headBytes, placeholder);
            escape(output, rows.GetBuffer(), (int)rows.Length);
            var close = new byte[headBytes.Length - placeholder - 1];
            Array.Copy(headBytes, placeholder + 1, close, 0, close.Length);
            escape(output, close, close.Length);
        }

        private static void WriteRow(Utf8JsonWriter w, TelemetryRecord r, TimeZoneInfo zone, Func<string?, int?> intern)
        {
            var t = r.Tokens;
            var m = r.Metadata;
            w.WriteStartArray();
            w.WriteStringValue(TimeZoneInfo.ConvertTime(r.Timestamp, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            w.WriteNumberValue(r.SchemaVersion);
            w.WriteStringValue(r.Id);
            w.WriteStringValue(UtcTimestampConverter.ToText(r.Timestamp));
            Index(w, intern(r.EventType));
            Index(w, intern(r.Provider));
            Index(w, intern(r.Model));
            Index(w, intern(r.AgentName));
            Index(w, intern(r.Operation));
            Index(w, intern(r.SessionId));
            Index(w, intern(r.UserId));
            if (r.DurationMs is long ms) w.WriteNumberValue(ms); else w.WriteNullValue();
            w.WriteNumberValue(t.Input);
            w.WriteNumberValue(t.Output);
            w.WriteNumberValue(t.CacheCreationInput);
            w.WriteNumberValue(t.CacheCreation1hInput);
            w.WriteNumberValue(t.CacheReadInput);
            w.WriteNumberValue(t.Reasoning);
            w.WriteNumberValue(t.Total);
            if (r.CostUsd is double cost) w.WriteNumberValue(cost); else w.WriteNullValue();
            w.WriteNumberValue(r.Success ? 1 : 0);
            Text(w, r.PromptHash);
            Text(w, r.ResponseHash);
            Index(w, intern(m.Project));
            Index(w, intern(m.GitBranch));
            Index(w, intern(m.Host));
            Text(w, m.Error);
            Index(w, intern(m.Source));
            if (m.Extra is { Count: > 0 } extra)
            {
                w.WriteStartObject();
                foreach (var pair in extra)
                {
                    w.WritePropertyName(pair.Key);
                    pair.Value.WriteTo(w);
                }
                w.WriteEndObject();
            }
            else
            {
                w.WriteNullValue();
            }
            if (r.Payload is { } payload) w.WriteRawValue(payload.Json, skipInputValidation: true); else w.WriteNullValue();
            w.WriteEndArray();
        }

        private static void Index(Utf8JsonWriter w, int? i)
        {
            if (i is int v) w.WriteNumberValue(v); else w.WriteNullValue();
        }

        private static void Text(Utf8JsonWriter w, string? s)
        {
            if (s is null) w.WriteNullValue(); else w.WriteStringValue(s);
        }
    }
}
