using System;
using System.Collections;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace LlmTelemetry.Records
{
    /// <summary>
    /// Writes a front end's dictionary (a PowerShell hashtable, CLI key=value pairs) as payload JSON, so that no
    /// front end hand-builds JSON. Values map to JSON by kind: numbers, booleans, strings, dates (ISO 8601),
    /// nested dictionaries (objects) and lists (arrays); anything else is written as its text.
    /// </summary>
    public static class PayloadWriter
    {
        /// <summary>Deep enough for any real payload; stops self-referencing objects from recursing forever.</summary>
        public const int MaxDepth = 32;

        /// <param name="unwrap">Lets a front end replace its wrapper objects (PowerShell's PSObject) by what they hold.</param>
        public static string FromDictionary(IDictionary values, Func<object?, object?>? unwrap = null, string parameter = "Payload")
        {
            if (values is null) throw new ArgumentNullException(nameof(values));
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
                WriteValue(writer, values, unwrap, 0, parameter);
            return Encoding.UTF8.GetString(buffer.ToArray());
        }

        private static void WriteValue(Utf8JsonWriter w, object? value, Func<object?, object?>? unwrap, int depth, string parameter)
        {
            if (depth > MaxDepth)
                throw new TelemetryValidationException(parameter, null, $"is nested more than {MaxDepth} levels deep (a value that contains itself?)");
            if (unwrap is not null) value = unwrap(value);
            switch (value)
            {
                case null: w.WriteNullValue(); return;
                case string s: w.WriteStringValue(s); return;
                case char c: w.WriteStringValue(c.ToString()); return;
                case bool b: w.WriteBooleanValue(b); return;
                case int i: w.WriteNumberValue(i); return;
                case long l: w.WriteNumberValue(l); return;
                case short sh: w.WriteNumberValue(sh); return;
                case byte by: w.WriteNumberValue(by); return;
                case sbyte sb: w.WriteNumberValue(sb); return;
                case ushort us: w.WriteNumberValue(us); return;
                case uint ui: w.WriteNumberValue(ui); return;
                case ulong ul: w.WriteNumberValue(ul); return;
                case decimal m: w.WriteNumberValue(m); return;
                case float f when !float.IsNaN(f) && !float.IsInfinity(f): w.WriteNumberValue(f); return;
                case double d when !double.IsNaN(d) && !double.IsInfinity(d): w.WriteNumberValue(d); return;
                case float f: w.WriteStringValue(f.ToString(CultureInfo.InvariantCulture)); return;
                case double d: w.WriteStringValue(d.ToString(CultureInfo.InvariantCulture)); return;
                case DateTimeOffset dto: w.WriteStringValue(dto.ToString("o", CultureInfo.InvariantCulture)); return;
                case DateTime dt: w.WriteStringValue(dt.ToString("o", CultureInfo.InvariantCulture)); return;
                case TimeSpan ts: w.WriteStringValue(ts.ToString("c", CultureInfo.InvariantCulture)); return;
                case Guid g: w.WriteStringValue(g.ToString("D")); return;
                case Enum e: w.WriteStringValue(e.ToString()); return;
                case IDictionary dict:
                    w.WriteStartObject();
                    foreach (DictionaryEntry entry in dict)
                    {
                        var key = unwrap is null ? entry.Key : unwrap(entry.Key);
                        w.WritePropertyName(Convert.ToString(key, CultureInfo.InvariantCulture) ?? "");
                        WriteValue(w, entry.Value, unwrap, depth + 1, parameter);
                    }
                    w.WriteEndObject();
                    return;
                case IEnumerable list:
                    w.WriteStartArray();
                    foreach (var item in list) WriteValue(w, item, unwrap, depth + 1, parameter);
                    w.WriteEndArray();
                    return;
                default:
                    w.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture));
                    return;
            }
        }
    }
}
