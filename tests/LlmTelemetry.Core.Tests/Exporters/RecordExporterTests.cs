using System;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using LlmTelemetry.Exporters;
using LlmTelemetry.Records;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Tests.Exporters
{
    public sealed class RecordExporterTests
    {
        private static TelemetryRecord[] Sample(int n)
        {
            var at = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
            // A name with a newline can no longer be recorded, but stores written before that rule, and imports, hold such
            // names: the record is made directly so the exporter's quoting of them stays tested.
            return Enumerable.Range(0, n).Select(i => TempStore.Call(at.AddMinutes(i), agent: "plain", cost: i == 2 ? null : 0.5 * i))
                .Select((r, i) => i == 1 ? r with { AgentName = "a,\"quoted\"\nagent" } : r).ToArray();
        }

        [Fact]
        public void Csv_has_a_header_naming_every_column_and_one_row_per_record()
        {
            var records = Sample(25);
            using var buffer = new MemoryStream();
            Assert.Equal(25, RecordExporter.Write(records, buffer, ExportFormat.Csv));
            var text = Encoding.UTF8.GetString(buffer.ToArray());
            var rows = ParseCsv(text);
            Assert.Equal(FlatRecord.Columns, rows[0]);
            Assert.Equal(26, rows.Count);
            Assert.All(rows, r => Assert.Equal(FlatRecord.Columns.Count, r.Length));
            Assert.Equal("a,\"quoted\"\nagent", rows[2][Array.IndexOf(FlatRecord.Columns.ToArray(), "agent_name")]);
            Assert.Equal("", rows[3][Array.IndexOf(FlatRecord.Columns.ToArray(), "cost_usd")]);
            Assert.Equal("1.5", rows[4][Array.IndexOf(FlatRecord.Columns.ToArray(), "cost_usd")]);
        }

        [Fact]
        public void Json_is_an_array_and_jsonl_round_trips()
        {
            var records = Sample(3);
            using var json = new MemoryStream();
            RecordExporter.Write(records, json, ExportFormat.Json);
            using var doc = JsonDocument.Parse(json.ToArray());
            Assert.Equal(3, doc.RootElement.GetArrayLength());

            using var jsonl = new MemoryStream();
            RecordExporter.Write(records, jsonl, ExportFormat.Jsonl);
            var lines = Encoding.UTF8.GetString(jsonl.ToArray()).TrimEnd('\n').Split('\n');
            Assert.Equal(records, lines.Select(RecordSerializer.Parse).ToArray());

            using var empty = new MemoryStream();
            RecordExporter.Write(Array.Empty<TelemetryRecord>(), empty, ExportFormat.Json);
            Assert.Equal(0, JsonDocument.Parse(empty.ToArray()).RootElement.GetArrayLength());
        }

        [Fact]
        public void An_unknown_format_names_the_parameter()
            => Assert.Equal("format", Assert.Throws<TelemetryValidationException>(() => RecordExporter.ParseFormat("xml")).Field);

        /// <summary>A small RFC 4180 reader for the assertions (quoted cells with commas, quotes and line breaks).</summary>
        internal static System.Collections.Generic.List<string[]> ParseCsv(string text)
        {
            var rows = new System.Collections.Generic.List<string[]>();
            var row = new System.Collections.Generic.List<string>();
            var cell = new StringBuilder();
            bool quoted = false;
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (quoted)
                {
                    if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { cell.Append('"'); i++; }
                    else if (c == '"') quoted = false;
                    else cell.Append(c);
                }
                else if (c == '"') quoted = true;
                else if (c == ',') { row.Add(cell.ToString()); cell.Clear(); }
                else if (c == '\r') { }
                else if (c == '\n') { row.Add(cell.ToString()); cell.Clear(); rows.Add(row.ToArray()); row.Clear(); }
                else cell.Append(c);
            }
            return rows;
        }
    }
}
