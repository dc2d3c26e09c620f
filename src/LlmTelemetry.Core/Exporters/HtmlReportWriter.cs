using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading;
using LlmTelemetry.Configuration;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Exporters
{
    /// <summary>
    /// Writes the dashboard: one self-contained HTML file (inline CSS, JS and data; charts drawn as SVG by the page's
    /// own script) that opens from file:// with no network. Aggregates are computed here with the core's reporters so
    /// the page's cards equal Get-LlmCost; the newest events (up to the cap) are embedded for the table.
    /// </summary>
    public static class HtmlReportWriter
    {
        internal const string ReportBlockId = "llmt-report";
        internal const string EventsBlockId = "llmt-events";

        private static readonly UTF8Encoding Utf8 = new UTF8Encoding(false);

        /// <summary>
        /// Writes the page to <paramref name="path"/> (a file a person named; <paramref name="parameter"/> names the option
        /// in errors) or, when it is null, to a new llm-telemetry-&lt;time&gt;.html in <see cref="ConfigPaths.ReportsDirectory"/>
        /// (owner-only, unlike the shared temp folder where another user could plant a link at the predictable name).
        /// Written as <see cref="RecordExporter.WriteFile"/> writes an export; the summary's Path is the file written.
        /// </summary>
        public static HtmlReportSummary WriteFile(TelemetryStore store, HtmlReportRequest request, string? path, string parameter = "path",
            IProgress<ScanProgress>? progress = null)
        {
            if (store is null) throw new ArgumentNullException(nameof(store));
            if (request is null) throw new ArgumentNullException(nameof(request));
            string full;
            OutputPolicy policy;
            if (path is null)
            {
                string folder = ConfigPaths.ReportsDirectory;
                FileSystem.EnsurePrivateDirectories(folder, levels: 2);
                full = System.IO.Path.Combine(folder, "llm-telemetry-" + DateTime.Now.ToString("yyyyMMdd-HHmmss-fff", CultureInfo.InvariantCulture) + ".html");
                policy = OutputPolicy.Owned;
            }
            else
            {
                full = OutputFile.ValidateNamed(path, parameter);
                policy = OutputPolicy.Named;
            }
            var summary = OutputFile.Write(full, policy, durable: true, stream => Write(store, request, stream, progress));
            return summary with { Path = full };
        }

        /// <summary>Reads the range and writes the page to <paramref name="output"/>.</summary>
        /// <remarks>
        /// The query's cancellation is checked per day and every thousand lines while the store is read: a cancelled
        /// token ends the call with an OperationCanceledException before anything is written.
        /// </remarks>
        /// <param name="progress">Hears of each day folder read (the page reads each day of both periods twice).</param>
        public static HtmlReportSummary Write(TelemetryStore store, HtmlReportRequest request, Stream output,
            IProgress<ScanProgress>? progress = null)
        {
            if (store is null) throw new ArgumentNullException(nameof(store));
            if (request is null) throw new ArgumentNullException(nameof(request));
            if (output is null) throw new ArgumentNullException(nameof(output));
            if (request.MaxEvents < 0)
                throw new TelemetryValidationException("max-events", request.MaxEvents.ToString(CultureInfo.InvariantCulture), "must be 0 or more");

            var data = HtmlReportData.Build(store, request, progress);
            var template = HtmlReportResources.Template;
            var css = HtmlReportResources.Css;
            var js = HtmlReportResources.Js;
            string title = string.IsNullOrWhiteSpace(request.Title) ? HtmlReportData.DefaultTitle(request.Range) : request.Title!;

            // Hashes rather than 'unsafe-inline': only our own script and style run, whatever the data holds, and
            // default-src 'none' makes any network request a blocked (and reported) violation.
            string csp = "default-src 'none'; script-src '" + Sha256(js) + "'; style-src '" + Sha256(css) + "'; img-src data:; base-uri 'none'; form-action 'none'";

            int dataAt = template.IndexOf("{{DATA}}", StringComparison.Ordinal);
            if (dataAt < 0) throw new InvalidOperationException("the report template has no {{DATA}} marker");
            // The user's title goes in last, so a title that happens to contain a marker is not expanded.
            string head = template.Substring(0, dataAt)
                .Replace("{{CSP}}", csp)
                .Replace("{{CSS}}", css)
                .Replace("{{TITLE}}", WebUtility.HtmlEncode(title));
            string tail = template.Substring(dataAt + "{{DATA}}".Length).Replace("{{JS}}", js);

            WriteText(output, head);
            WriteText(output, "<script type=\"application/json\" id=\"" + ReportBlockId + "\">");
            WriteEscaped(output, data.ReportJson(title));
            WriteText(output, "</script>\n<script type=\"application/json\" id=\"" + EventsBlockId + "\">");
            HtmlEventTable.Write(output, data.Events, request.Query.Zone, WriteEscaped);
            WriteText(output, "</script>\n");
            WriteText(output, tail);
            output.Flush();

            return new HtmlReportSummary(request.Range, data.PreviousRange, data.Events.Count, data.EventsTotal,
                data.EventsTotal > data.Events.Count, request.MaxEvents, data.Cost.Total, data.PreviousCost.Total, data.Stats, data.SkippedLines)
            {
                HistoryNotice = data.Coverage.Notice is string notice ? notice + "; the page's cards and charts include them, its event table does not" : null,
            };
        }

        /// <summary>
        /// The report document the page draws its cards and charts from (what <see cref="Write"/> embeds), for the
        /// records <paramref name="query"/> selects, without the event table: what serve's live page draws its time
        /// charts from, by the same code. A query without a range covers the store's first day to today. It reads the
        /// range as the static report does (the records, and the rollups of history days).
        /// </summary>
        public static byte[] ReportJson(TelemetryStore store, RecordQuery query)
        {
            if (store is null) throw new ArgumentNullException(nameof(store));
            if (query is null) throw new ArgumentNullException(nameof(query));
            if (query.Range is null)
            {
                var first = store.Days().Select(d => d.Day).Concat(store.History.Days()).DefaultIfEmpty(DateTime.UtcNow.Date).Min();
                var since = TimeZoneInfo.ConvertTime(new DateTimeOffset(DateTime.SpecifyKind(first, DateTimeKind.Unspecified), TimeSpan.Zero), query.Zone).Date;
                query = query with { Range = DateRange.Between(since, null, query.Zone, DateTimeOffset.UtcNow) };
            }
            var request = new HtmlReportRequest(query) { MaxEvents = 0 };
            return HtmlReportData.Build(store, request).ReportJson(HtmlReportData.DefaultTitle(request.Range));
        }

        /// <summary>
        /// Writes the page in live mode (what llm-telemetry serve shows at /): the same template and stylesheet with no
        /// embedded data and the live script, which asks the server's /api/telemetry endpoints. Its CSP lets it connect
        /// to the server it came from and nowhere else.
        /// </summary>
        public static void WriteLive(Stream output, string title = "LLM usage (live)")
        {
            if (output is null) throw new ArgumentNullException(nameof(output));
            var css = HtmlReportResources.Css;
            var js = HtmlReportResources.LiveJs;
            string csp = "default-src 'none'; script-src '" + Sha256(js) + "'; style-src '" + Sha256(css) + "'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'";
            string page = HtmlReportResources.Template
                .Replace("{{DATA}}", "")
                .Replace("{{CSP}}", csp)
                .Replace("{{CSS}}", css)
                .Replace("{{JS}}", js)
                .Replace("{{TITLE}}", WebUtility.HtmlEncode(title ?? "LLM usage (live)"));
            WriteText(output, page);
            output.Flush();
        }

        private static void WriteText(Stream output, string text)
        {
            var bytes = Utf8.GetBytes(text);
            output.Write(bytes, 0, bytes.Length);
        }

        private static void WriteEscaped(Stream output, byte[] json) => WriteEscaped(output, json, json.Length);

        /// <summary>
        /// Copies UTF-8 JSON into a script data block. '&lt;', '&gt;' and '&amp;' can only occur inside JSON strings, so
        /// replacing them with \u escapes keeps the JSON equal while no "&lt;/script" or "&lt;!--" can end the block;
        /// U+2028/U+2029 are escaped too so the text stays valid if someone pastes it into a script.
        /// </summary>
        internal static void WriteEscaped(Stream output, byte[] json, int count)
        {
            int start = 0;
            for (int i = 0; i < count; i++)
            {
                byte b = json[i];
                string? escape = null;
                int length = 1;
                if (b == (byte)'<') escape = "\\u003c";
                else if (b == (byte)'>') escape = "\\u003e";
                else if (b == (byte)'&') escape = "\\u0026";
                else if (b == 0xE2 && i + 2 < count && json[i + 1] == 0x80 && (json[i + 2] == 0xA8 || json[i + 2] == 0xA9))
                {
                    escape = json[i + 2] == 0xA8 ? "\\u2028" : "\\u2029";
                    length = 3;
                }
                if (escape is null) continue;
                output.Write(json, start, i - start);
                var bytes = Encoding.ASCII.GetBytes(escape);
                output.Write(bytes, 0, bytes.Length);
                i += length - 1;
                start = i + 1;
            }
            output.Write(json, start, count - start);
        }

        private static string Sha256(string text)
        {
            using var sha = SHA256.Create();
            return "sha256-" + Convert.ToBase64String(sha.ComputeHash(Utf8.GetBytes(text)));
        }

        /// <summary>JSON writer options for the report block: relaxed (readable UTF-8); <see cref="WriteEscaped"/> makes it safe for HTML.</summary>
        internal static readonly JsonWriterOptions JsonOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    }
}
