using System;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using Xunit;

namespace LlmTelemetry.Cli.Tests.Serve
{
    /// <summary>What changes the store or ends the server, each on its own demo store: DELETE, payloads, SIGTERM.</summary>
    public sealed class CliServeDeleteTests
    {
        private static CliSandbox Demo()
        {
            var sandbox = new CliSandbox();
            sandbox.Run("demo", "--dir", sandbox.Store, "--days", "10", "--per-day", "30", "--json").Ok();
            return sandbox;
        }

        private static JsonElement[] Events(CliSandbox sandbox)
            => sandbox.Run("events", "--dir", sandbox.Store, "--json", "--limit", "1000000").Ok().Json.GetProperty("events").EnumerateArray().ToArray();

        private static string Day(JsonElement e) => e.GetProperty("timestamp").GetString()!.Substring(0, 10);

        [Fact]
        public async Task Delete_removes_exactly_the_days_before_the_date()
        {
            using var sandbox = Demo();
            using var server = new ServeProcess(sandbox);
            var before = Events(sandbox);
            var days = before.Select(Day).Distinct().OrderBy(d => d, StringComparer.Ordinal).ToList();
            string cut = days[days.Count / 2];
            var gone = before.Where(e => string.CompareOrdinal(Day(e), cut) < 0).ToList();
            var kept = before.Where(e => string.CompareOrdinal(Day(e), cut) >= 0).Select(e => e.GetRawText()).ToList();
            var statsBefore = sandbox.Run("stats", "--dir", sandbox.Store, "--json", "--since", days[0], "--until", days[^1], "--timezone", "UTC").Ok().Json;

            using var response = await server.Client.DeleteAsync("api/telemetry/events?before_date=" + cut);
            string body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            var json = JsonDocument.Parse(body).RootElement;
            Assert.Equal(gone.Select(Day).Distinct().Count(), json.GetProperty("deleted_files").GetInt32());
            Assert.Equal(gone.Count, json.GetProperty("records_deleted").GetInt64());
            Assert.False(json.GetProperty("dry_run").GetBoolean());
            Assert.All(json.GetProperty("steps").EnumerateArray(), s => Assert.True(string.CompareOrdinal(s.GetProperty("day").GetString(), cut) < 0));

            // Nothing else lost: the records from the cut on are exactly as they were, and the removed days' costs stay in history.
            Assert.Equal(kept, Events(sandbox).Select(e => e.GetRawText()).ToList());
            var statsAfter = sandbox.Run("stats", "--dir", sandbox.Store, "--json", "--since", days[0], "--until", days[^1], "--timezone", "UTC").Ok().Json;
            Assert.Equal(statsBefore.GetProperty("calls").GetInt64(), statsAfter.GetProperty("calls").GetInt64());
            var api = await server.GetJson("api/telemetry/events?limit=10000");
            Assert.Equal(kept.Count, api.GetProperty("events").GetArrayLength());
        }

        [Theory]
        [InlineData("Origin", "http://evil.example")]
        [InlineData("Origin", "http://localhost:1")]
        [InlineData("Sec-Fetch-Site", "cross-site")]
        [InlineData("Sec-Fetch-Site", "same-site")]
        public async Task A_cross_origin_delete_is_refused_and_removes_nothing(string header, string value)
        {
            using var sandbox = Demo();
            using var server = new ServeProcess(sandbox);
            int before = Events(sandbox).Length;
            using var request = new HttpRequestMessage(HttpMethod.Delete, "api/telemetry/events?before_date=2100-01-01");
            request.Headers.Add(header, value);
            using var response = await server.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal(before, Events(sandbox).Length);

            using var same = new HttpRequestMessage(HttpMethod.Delete, "api/telemetry/events?before_date=2100-01-01&dry_run=true");
            same.Headers.Add("Origin", "http://127.0.0.1:" + server.Port);
            same.Headers.Add("Sec-Fetch-Site", "same-origin");
            using var ok = await server.Client.SendAsync(same);
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal(before, Events(sandbox).Length);
        }

        [Fact]
        public async Task Payloads_leave_only_when_asked_for()
        {
            using var sandbox = Demo();
            // A stored prompt: the newest day's first record, given a payload in place.
            var dayFolder = Directory.GetDirectories(sandbox.Store).Where(d => Path.GetFileName(d).StartsWith("20", StringComparison.Ordinal)).OrderBy(d => d, StringComparer.Ordinal).Last();
            var file = Path.Combine(dayFolder, "telemetry.jsonl");
            var lines = File.ReadAllLines(file);
            var first = JsonNode.Parse(lines[0])!.AsObject();
            first["payload"] = new JsonObject { ["prompt"] = "the secret prompt" };
            lines[0] = first.ToJsonString();
            File.WriteAllLines(file, lines);
            string id = first["id"]!.GetValue<string>();
            using var server = new ServeProcess(sandbox);

            var plain = await server.GetJson("api/telemetry/events?limit=10000&search=" + id);
            var record = Assert.Single(plain.GetProperty("events").EnumerateArray());
            Assert.Equal(JsonValueKind.Null, record.TryGetProperty("payload", out var p) ? p.ValueKind : JsonValueKind.Null);
            Assert.DoesNotContain("the secret prompt", await server.Client.GetStringAsync("api/telemetry/export"));

            var asked = await server.GetJson("api/telemetry/events?limit=10000&include_payload=true&search=" + id);
            Assert.Equal("the secret prompt", Assert.Single(asked.GetProperty("events").EnumerateArray()).GetProperty("payload").GetProperty("prompt").GetString());
            Assert.Contains("the secret prompt", await server.Client.GetStringAsync("api/telemetry/export?include_payload=true"));
        }

        /// <summary>
        /// The prompt and response texts a store kept (here by the store itself, with LLM_STORE_PROMPTS and
        /// LLM_STORE_RESPONSES on) leave only with include_text=true, beside their own record, and never by export.
        /// </summary>
        [Fact]
        public async Task Stored_prompt_and_response_texts_leave_only_when_asked_for()
        {
            using var sandbox = Demo();
            string id;
            using (var store = new LlmTelemetry.Storage.TelemetryStore(new LlmTelemetry.Configuration.StoreOptions { Root = sandbox.Store, StorePrompts = true, StoreResponses = true, AutoMaintenance = false }))
            {
                var record = new LlmTelemetry.Records.TelemetryRecordBuilder().At(DateTimeOffset.UtcNow).Model("gpt-4o-mini").Tokens(12, 3).Build();
                id = store.Append(record, "PROMPT-TEXT-4711", "RESPONSE-TEXT-4711").Id;
            }
            using var server = new ServeProcess(sandbox);

            var plain = await server.GetJson("api/telemetry/events?limit=10000");
            Assert.DoesNotContain("PROMPT-TEXT-4711", plain.GetRawText());
            Assert.DoesNotContain("TEXT-4711", await server.Client.GetStringAsync("api/telemetry/export?include_payload=true"));

            var asked = await server.GetJson("api/telemetry/events?limit=10000&include_text=true");
            var events = asked.GetProperty("events").EnumerateArray().ToArray();
            var withText = Assert.Single(events, e => e.TryGetProperty("prompt_text", out _));
            Assert.Equal(id, withText.GetProperty("id").GetString());
            Assert.Equal("PROMPT-TEXT-4711", withText.GetProperty("prompt_text").GetString());
            Assert.Equal("RESPONSE-TEXT-4711", withText.GetProperty("response_text").GetString());
            Assert.Equal(plain.GetProperty("events").GetArrayLength(), events.Length);
            using var bad = await server.Client.GetAsync("api/telemetry/events?include_text=perhaps");
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Contains("include_text", await bad.Content.ReadAsStringAsync());
        }

        [Fact]
        public async Task Sigterm_ends_it_with_exit_0()
        {
            using var sandbox = Demo();
            var server = new ServeProcess(sandbox);
            Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("api/telemetry/stats")).StatusCode);
            Assert.Equal(0, server.Stop());
            Assert.DoesNotContain(server.Token, server.Stderr);
            server.Dispose();
            await Assert.ThrowsAsync<HttpRequestException>(() => new HttpClient().GetAsync(server.Base + "api/telemetry/stats"));
        }

        [Fact]
        public void A_non_loopback_bind_warns_and_a_bad_one_is_refused()
        {
            using var sandbox = Demo();
            using (var server = new ServeProcess(sandbox, "--bind", "0.0.0.0"))
            {
                Assert.StartsWith("http://127.0.0.1:", server.Url);
                Assert.Equal(0, server.Stop());
                Assert.Contains("warning: listening on 0.0.0.0", server.Stderr);
            }
            var bad = sandbox.Run("serve", "--dir", sandbox.Store, "--bind", "not-an-address");
            Assert.Equal(2, bad.ExitCode);
            Assert.Contains("--bind", bad.Stderr);
        }
    }
}
