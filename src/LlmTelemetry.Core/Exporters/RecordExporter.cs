using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Exporters
{
    /// <summary>
    /// Streams records to CSV (RFC 4180, one flat column per field), a JSON array, or JSON Lines (our own format,
    /// importable elsewhere with `import jsonl`). Records are written as they come: memory stays flat.
    /// </summary>
    public static class RecordExporter
    {
        public static ExportFormat ParseFormat(string? text, string parameter = "format")
        {
            if (Enum.TryParse(text?.Trim(), ignoreCase: true, out ExportFormat f) && Enum.IsDefined(typeof(ExportFormat), f) && !int.TryParse(text, out _))
                return f;
            throw new TelemetryValidationException(parameter, text, "expected csv, json or jsonl");
        }

        /// <summary>
        /// Writes every record to the file a person named (<paramref name="parameter"/> names the option in errors): a
        /// regular file is replaced whole only once the export is complete (a failed or stopped export leaves it as it
        /// was); a FIFO, a device or a named link's target is written in place; a folder or a link to nothing is refused.
        /// The new file is readable by its owner only. Returns the count.
        /// </summary>
        public static long WriteFile(IEnumerable<TelemetryRecord> records, string path, ExportFormat format, string parameter = "path", Action<long>? progress = null)
        {
            string full = OutputFile.ValidateNamed(path, parameter);
            return OutputFile.Write(full, OutputPolicy.Named, durable: true, stream => Write(records, stream, format, progress));
        }

        /// <summary>Writes every record; calls <paramref name="progress"/> with the count every 10,000 records. Returns the count.</summary>
        public static long Write(IEnumerable<TelemetryRecord> records, Stream output, ExportFormat format, Action<long>? progress = null)
        {
            long n = 0;
            switch (format)
            {
                case ExportFormat.Jsonl:
                    foreach (var r in records)
                    {
                        var line = RecordSerializer.ToLine(r);
                        output.Write(line, 0, line.Length);
                        Tick(++n, progress);
                    }
                    break;
                case ExportFormat.Json:
                    {
                        var open = Encoding.UTF8.GetBytes("[");
                        output.Write(open, 0, 1);
                        foreach (var r in records)
                        {
                            if (n > 0) output.WriteByte((byte)',');
                            output.WriteByte((byte)'\n');
                            var line = RecordSerializer.ToLine(r);
                            output.Write(line, 0, line.Length - 1);
                            Tick(++n, progress);
                        }
                        var close = Encoding.UTF8.GetBytes(n > 0 ? "\n]\n" : "]\n");
                        output.Write(close, 0, close.Length);
                        break;
                    }
                case ExportFormat.Csv:
                    {
                        using var writer = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true) { NewLine = "\r\n" };
                        writer.WriteLine(string.Join(",", FlatRecord.Columns));
                        var sb = new StringBuilder(512);
                        var isNumber = new bool[FlatRecord.Columns.Count];
                        foreach (int i in FlatRecord.NumberColumns) isNumber[i] = true;
                        foreach (var r in records)
                        {
                            sb.Clear();
                            var values = FlatRecord.Values(r);
                            for (int i = 0; i < values.Length; i++)
                            {
                                if (i > 0) sb.Append(',');
                                AppendCsv(sb, values[i], text: !isNumber[i]);
                            }
                            writer.WriteLine(sb.ToString());
                            Tick(++n, progress);
                        }
                        writer.Flush();
                        break;
                    }
                default:
                    throw new ArgumentOutOfRangeException(nameof(format), format, "unknown export format");
            }
            output.Flush();
            progress?.Invoke(n);
            return n;
        }

        /// <summary>
        /// Quotes a CSV cell when it holds a comma, quote or line break. A text cell that starts with =, +, -, @, tab or
        /// carriage return gets a leading single quote, as OWASP recommends against CSV formula injection: a spreadsheet
        /// would otherwise run an agent named "=HYPERLINK(…)" as a formula. Number cells are ours and stay numbers.
        /// The dashboard's CSV download (Html/report.js csvCell) applies the same rule.
        /// </summary>
        internal static void AppendCsv(StringBuilder sb, string? value, bool text = true)
        {
            if (value is null) return;
            if (text && value.Length > 0 && IsFormulaStart(value[0])) value = "'" + value;
            bool quote = value.IndexOfAny(new[] { ',', '"', '\n', '\r' }) >= 0;
            if (!quote)
            {
                sb.Append(value);
                return;
            }
            sb.Append('"').Append(value.Replace("\"", "\"\"")).Append('"');
        }

        private static bool IsFormulaStart(char c) => c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r';

        private static void Tick(long n, Action<long>? progress)
        {
            if (progress is not null && n % 10_000 == 0) progress(n);
        }
    }
}
