using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using LlmTelemetry.Exporters;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;
using LlmTelemetry.Tests.Support;

namespace LlmTelemetry.Tests.Exporters
{
    /// <summary>A deterministic store for the dashboard tests: several models and agents, hostile strings, failures, unpriced calls, a previous period.</summary>
    internal static class HtmlReportSamples
    {
        public static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
        public static readonly TimeZoneInfo Berlin = TimeZones.Find("Europe/Berlin");

        public const string HostileModel = "</script><script>window.__pwned='model'</script>";
        public const string HostileAgent = "<img src=x onerror=\"window.__pwned='agent'\">&amp;";
        public const string HostilePayloadText = "</script><script>window.__pwned='payload'</script><!-- \u2028\u2029 & <b>bold</b>";
        public const string PayloadEventId = "evt-payload-1";

        public static readonly string[] Models = { "claude-sonnet-4-5", "gpt-4o-mini", "claude-haiku-4-5", HostileModel };
        public static readonly string[] Agents = { "doc-finder", "release-notes", HostileAgent };
        public static readonly string[] FormulaValues = { "=1+1", "-2+3", "@SUM(1)", "+1", "\tx", "\r=1", "plain", "a=b" };

        public static DateRange SampleRange => DateRange.LastDays(7, Berlin, Now);

        /// <summary>Fills <paramref name="t"/> with about 400 records over 15 days (this week and the previous one).</summary>
        public static void Fill(TempStore t)
        {
            var records = new List<TelemetryRecord>();
            var start = Now.AddDays(-14);
            var rng = new Random(42);
            for (int i = 0; i < 400; i++)
            {
                var at = start.AddMinutes(i * 50 + rng.Next(0, 40));
                if (at >= Now) break;
                string model = Models[i % Models.Length];
                records.Add(new TelemetryRecordBuilder()
                    .Id("call-" + i.ToString("0000", System.Globalization.CultureInfo.InvariantCulture))
                    .At(at).Model(model).Provider(model.StartsWith("gpt", StringComparison.Ordinal) ? "openai" : "anthropic")
                    .Agent(Agents[i % Agents.Length]).Operation(i % 2 == 0 ? "search" : "summarize").Session("s" + (i / 10))
                    .Project(i % 5 == 0 ? null : "project-" + (i % 3)).Host("dev-laptop")
                    // Text that a spreadsheet would run as a formula: the page's CSV must neutralise it as the core does.
                    .GitBranch(i % 2 == 0 ? "=HYPERLINK(\"http://evil.example\",\"x\")" : "+feature")
                    .Error(i % 17 == 0 ? "rate limited <429>" : null)
                    .Tokens(input: 100 + i, output: 20 + i % 50, cacheReadInput: i % 4 == 0 ? 1000 : 0, cacheCreationInput: i % 7 == 0 ? 300 : 0)
                    .Cost(i % 11 == 0 ? null : Math.Round(0.001 * (1 + i % 13), 6))
                    .DurationMs(50 + (i * 37) % 9000)
                    .Success(i % 17 != 0)
                    .Build()
                    // As an imported line may hold it (new records refuse control characters in names, imports keep them).
                    with { UserId = FormulaValues[i % FormulaValues.Length] });
            }
            var payload = JsonPayload.Parse(JsonSerializer.Serialize(new Dictionary<string, object> { ["text"] = HostilePayloadText, ["n"] = 3 }));
            records.Add(new TelemetryRecordBuilder().Id(PayloadEventId).At(Now.AddHours(-2)).EventType("tool_call")
                .Agent("doc-finder").Operation("grep").Payload(payload).Build());
            records.Add(new TelemetryRecordBuilder().Id("evt-session-1").At(Now.AddHours(-3)).EventType("session_start")
                .Agent("doc-finder").Session("s-last").Payload(JsonPayload.Parse("{\"cwd\":\"/home/chad\"}")).Build());
            t.Store.AppendBatch(records);
        }

        public static HtmlReportRequest Request(int maxEvents = HtmlReportRequest.DefaultMaxEvents)
            => new HtmlReportRequest(new RecordQuery { Range = SampleRange, Zone = Berlin }) { MaxEvents = maxEvents, Title = "Team <b>report</b> & \"costs\"", Now = Now };

        public static (string Html, HtmlReportSummary Summary) Write(TempStore t, HtmlReportRequest request)
        {
            using var buffer = new MemoryStream();
            var summary = HtmlReportWriter.Write(t.Store, request, buffer);
            return (Encoding.UTF8.GetString(buffer.ToArray()), summary);
        }

        /// <summary>The text inside &lt;script ... id="<paramref name="id"/>"&gt; up to the first &lt;/script — what a browser would take.</summary>
        public static string Block(string html, string id)
        {
            var open = "<script type=\"application/json\" id=\"" + id + "\">";
            int start = html.IndexOf(open, StringComparison.Ordinal);
            if (start < 0) throw new InvalidOperationException("no block " + id);
            start += open.Length;
            int end = html.IndexOf("</script", start, StringComparison.OrdinalIgnoreCase);
            return html.Substring(start, end - start);
        }

        public static JsonDocument Report(string html) => JsonDocument.Parse(Block(html, HtmlReportWriter.ReportBlockId));
        public static JsonDocument Events(string html) => JsonDocument.Parse(Block(html, HtmlReportWriter.EventsBlockId));

        /// <summary>
        /// Decodes the compact event table (one array per record, names as string indexes) back into records and
        /// their local time texts, the way the page's record() does.
        /// </summary>
        public static List<(string Local, TelemetryRecord Record)> DecodeEvents(string html)
        {
            using var doc = Events(html);
            var root = doc.RootElement;
            var fields = root.GetProperty("fields").EnumerateArray().Select(f => f.GetString()!).ToList();
            var interned = new HashSet<string>(root.GetProperty("interned").EnumerateArray().Select(f => f.GetString()!));
            var strings = root.GetProperty("strings").EnumerateArray().Select(s => s.GetString()!).ToList();
            var result = new List<(string, TelemetryRecord)>();
            foreach (var row in root.GetProperty("rows").EnumerateArray())
            {
                var cells = row.EnumerateArray().ToList();
                JsonElement Cell(string name) => cells[fields.IndexOf(name)];
                void Value(Utf8JsonWriter w, string name, string? as_ = null)
                {
                    var c = Cell(name);
                    w.WritePropertyName(as_ ?? name);
                    if (interned.Contains(name) && c.ValueKind == JsonValueKind.Number) w.WriteStringValue(strings[c.GetInt32()]);
                    else c.WriteTo(w);
                }
                using var buffer = new MemoryStream();
                using (var w = new Utf8JsonWriter(buffer))
                {
                    w.WriteStartObject();
                    foreach (var name in new[] { "v", "id", "timestamp", "event_type", "provider", "model", "agent_name", "operation", "session_id", "user_id", "duration_ms" })
                        Value(w, name);
                    w.WriteStartObject("tokens");
                    foreach (var name in new[] { "input", "output", "cache_creation_input", "cache_creation_1h_input", "cache_read_input", "reasoning", "total" })
                        Value(w, name);
                    w.WriteEndObject();
                    Value(w, "cost_usd");
                    w.WriteBoolean("success", Cell("success").GetInt32() == 1);
                    Value(w, "prompt_hash");
                    Value(w, "response_hash");
                    w.WriteStartObject("metadata");
                    foreach (var name in new[] { "project", "git_branch", "host", "error", "source" }) Value(w, name);
                    if (Cell("extra").ValueKind == JsonValueKind.Object)
                        foreach (var p in Cell("extra").EnumerateObject()) p.WriteTo(w);
                    w.WriteEndObject();
                    Value(w, "payload");
                    w.WriteEndObject();
                }
                result.Add((Cell("t").GetString()!, RecordSerializer.Parse(Encoding.UTF8.GetString(buffer.ToArray()))));
            }
            return result;
        }

        /// <summary>The document with the contents of raw-text elements (script, style) removed: what is left must be well-formed XML.</summary>
        public static string WithoutRawText(string html)
            => Regex.Replace(html, "(<(script|style)\\b[^>]*>)(.*?)(</\\2>)", "$1$4", RegexOptions.Singleline | RegexOptions.IgnoreCase);
    }
}
