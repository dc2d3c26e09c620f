using System;
using System.IO;
using System.Text.Encodings.Web;
using System.Text.Json;
using LlmTelemetry.Internal;

namespace LlmTelemetry.Records
{
    /// <summary>Turns a record into one JSON line and back. The only place the on-disk form is produced or parsed.</summary>
    public static class RecordSerializer
    {
        // Non-ASCII text stays as UTF-8 (not \uXXXX) so that the store is readable and text search finds it.
        private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

        /// <summary>
        /// The schema as the source generator sees it (names, order, converters). Lines are written by the hand-written
        /// <see cref="RecordWriter"/> and read by <see cref="RecordReader"/> for speed; tests hold both to this contract.
        /// Built on first use, so writing and reading records never pays for it.
        /// </summary>
        internal static RecordJsonContext Contract => SchemaContract.Context;

        private static class SchemaContract
        {
            public static readonly RecordJsonContext Context = new RecordJsonContext(new JsonSerializerOptions
            {
                Encoder = Encoder,
                TypeInfoResolver = RecordJsonContext.Default,
            });
        }

        // One reader per thread: it keeps the decoded names it has seen, which is what makes a scan cheap.
        [ThreadStatic] private static RecordReader? _reader;
        [ThreadStatic] private static MemoryStream? _lineBuffer;
        [ThreadStatic] private static Utf8JsonWriter? _lineWriter;

        /// <summary>The record's UTF-8 JSON followed by a single '\n'.</summary>
        public static byte[] ToLine(TelemetryRecord record)
        {
            // The buffer and writer are reused per thread: an append then allocates little beyond the line itself.
            var buffer = _lineBuffer ??= new MemoryStream(512);
            buffer.SetLength(0);
            var writer = _lineWriter;
            if (writer is null) _lineWriter = writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = Encoder, SkipValidation = true });
            else writer.Reset(buffer);
            RecordWriter.Write(writer, record);
            writer.Flush();
            buffer.WriteByte((byte)'\n');
            return buffer.ToArray();
        }

        /// <summary>The record's JSON as a string: the stored line without its newline.</summary>
        public static string ToJson(TelemetryRecord record)
        {
            var line = ToLine(record);
            return System.Text.Encoding.UTF8.GetString(line, 0, line.Length - 1);
        }

        /// <summary>
        /// Parses one line. Returns false (never throws) for anything that is not a valid record of a schema
        /// we understand: torn lines, garbage, invalid UTF-8, newer schema versions.
        /// </summary>
        public static bool TryParse(ReadOnlySpan<byte> line, out TelemetryRecord? record, out string? problem)
        {
            record = null;
            try
            {
                record = (_reader ??= new RecordReader()).Read(line);
            }
            catch (Exception ex) when (MalformedJson.Is(ex))
            {
                problem = ex.Message;
                return false;
            }
            if (record is null) { problem = "line is JSON null"; return false; }
            if (record.SchemaVersion > TelemetryRecord.CurrentSchemaVersion)
            {
                problem = $"schema version {record.SchemaVersion} is newer than this version understands ({TelemetryRecord.CurrentSchemaVersion})";
                record = null;
                return false;
            }
            try
            {
                RecordValidator.Validate(record);
            }
            catch (TelemetryValidationException ex)
            {
                problem = ex.Message;
                record = null;
                return false;
            }
            problem = null;
            return true;
        }

        public static TelemetryRecord Parse(string json)
        {
            var bytes = System.Text.Encoding.UTF8.GetBytes(json);
            if (TryParse(bytes, out var record, out var problem)) return record!;
            throw new TelemetryValidationException("record", json.Length > 80 ? json.Substring(0, 80) + "…" : json, problem ?? "not a record");
        }
    }
}
