using System;
using System.Collections.Generic;
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
    /// <summary>
    /// The API of a real `llm-telemetry serve` on a demo store, against the CLI's own --json answers to the same
    /// questions: every endpoint's shape, the filters, paging, the errors, and the guard (token, cookie, Host).
    /// </summary>
    public sealed class CliServeTests : IClassFixture<ServeStoreFixture>
    {
        private readonly ServeStoreFixture _f;

        public CliServeTests(ServeStoreFixture fixture) => _f = fixture;

        private ServeProcess Server => _f.Server;

        private JsonElement Cli(params string[] args) => _f.Sandbox.Run(args.Concat(new[] { "--dir", _f.Sandbox.Store, "--json", "--timezone", "UTC" }).ToArray()).Ok().Json;

        private List<string> CliEventIds(params string[] filters)
            => Cli(new[] { "events", "--limit", "1000000" }.Concat(filters).ToArray()).GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();

        [Fact]
        public void The_first_line_is_the_url_with_the_token()
        {
            Assert.Equal("http://127.0.0.1:" + Server.Port + "/?token=" + Server.Token, Server.Url);
            Assert.Matches("^[A-Za-z0-9_-]{43}$", Server.Token);
            Assert.DoesNotContain(Server.Token, Server.Stderr);
        }

        [Fact]
        public async Task Paging_through_every_event_gives_each_once_in_the_cli_order()
        {
            var expected = CliEventIds();
            Assert.True(expected.Count > 300, "the demo store has " + expected.Count + " events");
            var seen = new List<string>();
            int? offset = 0;
            int pages = 0;
            while (offset is int at)
            {
                var page = await Server.GetJson($"api/telemetry/events?limit=97&offset={at}&timezone=UTC");
                var ids = page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList();
                Assert.Equal(at, page.GetProperty("offset").GetInt32());
                Assert.Equal(97, page.GetProperty("limit").GetInt32());
                seen.AddRange(ids);
                pages++;
                var next = page.GetProperty("next");
                offset = next.ValueKind == JsonValueKind.Null ? null : next.GetInt32();
                if (offset is not null) Assert.Equal(97, ids.Count);
            }
            Assert.Equal(expected.Count, seen.Distinct().Count());
            Assert.Equal(expected, seen);
            Assert.Equal((expected.Count + 96) / 97, pages);
        }

        [Fact]
        public async Task Events_are_the_stores_records_and_default_to_500()
        {
            var page = await Server.GetJson("api/telemetry/events");
            var events = page.GetProperty("events").EnumerateArray().ToList();
            Assert.Equal(Math.Min(500, CliEventIds().Count), events.Count);
            var cli = Cli("events", "--limit", "1").GetProperty("events")[0];
            Assert.Equal(cli.GetRawText(), events[0].GetRawText());
            Assert.Equal(0, page.GetProperty("skipped_lines").GetInt64());
        }

        [Theory]
        [InlineData("event_types=llm_call", "--event-type", "llm_call")]
        [InlineData("model=claude-sonnet-4-5", "--model", "claude-sonnet-4-5")]
        [InlineData("agent=code-reviewer&agent=test-writer", "--agent", "code-reviewer,test-writer")]
        [InlineData("search=billing", "--search", "billing")]
        [InlineData("failed=true", "--failed", null)]
        public async Task Filters_select_what_the_cli_selects(string query, string option, string? value)
        {
            var args = value is null ? new[] { option } : new[] { option, value };
            var expected = CliEventIds(args);
            Assert.NotEmpty(expected);
            var page = await Server.GetJson("api/telemetry/events?limit=10000&timezone=UTC&" + query);
            Assert.Equal(expected, page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList());
        }

        [Fact]
        public async Task Date_range_filters_events_like_since_and_until()
        {
            var (since, until) = MiddleDays();
            var expected = CliEventIds("--since", since, "--until", until);
            Assert.NotEmpty(expected);
            var page = await Server.GetJson($"api/telemetry/events?limit=10000&timezone=UTC&start_date={since}&end_date={until}");
            Assert.Equal(expected, page.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList());
            Assert.All(page.GetProperty("events").EnumerateArray(), e =>
            {
                var day = e.GetProperty("timestamp").GetString()!.Substring(0, 10);
                Assert.InRange(string.CompareOrdinal(day, since), 0, int.MaxValue);
                Assert.InRange(string.CompareOrdinal(day, until), int.MinValue, 0);
            });
        }

        /// <summary>Two UTC days a third and two thirds into the store's days: a range with records outside it on both sides.</summary>
        private (string Since, string Until) MiddleDays()
        {
            var days = Cli("events", "--limit", "1000000").GetProperty("events").EnumerateArray()
                .Select(e => e.GetProperty("timestamp").GetString()!.Substring(0, 10)).Distinct().OrderBy(d => d, StringComparer.Ordinal).ToList();
            return (days[days.Count / 3], days[2 * days.Count / 3]);
        }

        [Theory]
        [InlineData("stats")]
        [InlineData("performance")]
        [InlineData("patterns")]
        public async Task Usage_documents_equal_the_cli_json(string name)
        {
            var (since, until) = MiddleDays();
            var cli = Cli(name, "--since", since, "--until", until);
            var api = await Server.GetJson($"api/telemetry/{name}?start_date={since}&end_date={until}&timezone=UTC");
            Assert.Equal(cli.GetRawText(), api.GetRawText());
            var filtered = await Server.GetJson($"api/telemetry/{name}?since={since}&until={until}&timezone=UTC&model=claude-sonnet-4-5");
            Assert.Equal(Cli(name, "--since", since, "--until", until, "--model", "claude-sonnet-4-5").GetRawText(), filtered.GetRawText());
        }

        [Fact]
        public async Task Stats_without_a_range_cover_all_time()
        {
            var api = await Server.GetJson("api/telemetry/stats?timezone=UTC");
            Assert.Equal(JsonValueKind.Null, api.GetProperty("range").GetProperty("since").ValueKind);
            var cli = Cli("costs", "--days", "400", "--by", "model").GetProperty("totals");
            Assert.Equal(cli.GetProperty("calls").GetInt64(), api.GetProperty("calls").GetInt64());
            Assert.Equal(cli.GetProperty("cost_usd").GetDouble(), api.GetProperty("cost_usd").GetDouble(), 9);
        }

        [Theory]
        [InlineData("by=model", "model")]
        [InlineData("by=day,agent", "day,agent")]
        [InlineData("by=project&provider=anthropic", "project", "--provider", "anthropic")]
        public async Task Costs_rows_equal_costs_json(string query, string by, params string[] filters)
        {
            var (since, until) = MiddleDays();
            var cli = Cli(new[] { "costs", "--since", since, "--until", until, "--by", by }.Concat(filters).ToArray());
            var api = await Server.GetJson($"api/telemetry/costs?since={since}&until={until}&timezone=UTC&{query}");
            Assert.Equal(cli.GetRawText(), api.GetRawText());
            Assert.NotEmpty(api.GetProperty("groups").EnumerateArray());
        }

        /// <summary>
        /// The report document the live page draws its charts from: the static report's, over the store's first day to
        /// today when no range is given, each day's cost per model summing to what `costs --by day` says, and filtered
        /// like every other endpoint.
        /// </summary>
        [Fact]
        public async Task The_report_document_covers_the_store_and_costs_per_day_what_costs_by_day_says()
        {
            var all = await Server.GetJson("api/telemetry/report?timezone=UTC");
            var firstDay = Cli("events", "--limit", "1000000").GetProperty("events").EnumerateArray()
                .Select(e => e.GetProperty("timestamp").GetString()!.Substring(0, 10)).Min(StringComparer.Ordinal);
            Assert.Equal(firstDay, all.GetProperty("range").GetProperty("since").GetString());
            var days = all.GetProperty("daily").GetProperty("days").EnumerateArray().Select(d => d.GetString()!).ToList();
            Assert.Equal(all.GetProperty("range").GetProperty("days").GetInt32(), days.Count);
            Assert.Equal(168, all.GetProperty("heatmap").GetProperty("calls").EnumerateArray().Sum(r => r.GetArrayLength()));

            var (since, until) = MiddleDays();
            var api = await Server.GetJson($"api/telemetry/report?timezone=UTC&since={since}&until={until}");
            var byDay = Cli("costs", "--since", since, "--until", until, "--by", "day").GetProperty("groups").EnumerateArray()
                .ToDictionary(g => g.GetProperty("key").GetString()!, g => g.GetProperty("cost_usd").GetDouble());
            var daily = api.GetProperty("daily");
            var reportDays = daily.GetProperty("days").EnumerateArray().Select(d => d.GetString()!).ToList();
            Assert.Equal(byDay.Keys.OrderBy(k => k, StringComparer.Ordinal), reportDays.Where(byDay.ContainsKey));
            for (int i = 0; i < reportDays.Count; i++)
            {
                double sum = daily.GetProperty("series").EnumerateArray().Sum(s => s.GetProperty("cost_usd")[i].GetDouble());
                Assert.Equal(byDay.TryGetValue(reportDays[i], out var cost) ? cost : 0, sum, 9);
            }
            Assert.Equal(Cli("stats", "--since", since, "--until", until).GetProperty("calls").GetInt64(), api.GetProperty("current").GetProperty("calls").GetInt64());

            var one = await Server.GetJson($"api/telemetry/report?timezone=UTC&since={since}&until={until}&model=gpt-4o-mini");
            Assert.Equal(new[] { "gpt-4o-mini" }, one.GetProperty("daily").GetProperty("series").EnumerateArray().Select(s => s.GetProperty("name").GetString()));
        }

        [Fact]
        public async Task Export_streams_ndjson_of_every_record_as_an_attachment()
        {
            using var response = await Server.Client.GetAsync("api/telemetry/export");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment; filename=telemetry-export.jsonl", response.Content.Headers.ContentDisposition?.ToString());
            var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            var ids = lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("id").GetString()!).ToList();
            var expected = CliEventIds();
            Assert.Equal(expected.OrderBy(i => i, StringComparer.Ordinal), ids.OrderBy(i => i, StringComparer.Ordinal));
        }

        [Fact]
        public async Task Csv_export_is_the_cli_export()
        {
            var (since, until) = MiddleDays();
            var cli = _f.Sandbox.Run("export", "--format", "csv", "--dir", _f.Sandbox.Store, "--timezone", "UTC", "--since", since, "--until", until, "--agent", "code-reviewer").Ok().Stdout;
            using var response = await Server.Client.GetAsync($"api/telemetry/export?format=csv&timezone=UTC&start_date={since}&end_date={until}&agent=code-reviewer");
            Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal("attachment; filename=telemetry-export.csv", response.Content.Headers.ContentDisposition?.ToString());
            string api = await response.Content.ReadAsStringAsync();
            Assert.Equal(cli, api);
            Assert.True(api.Split('\n').Length > 3);
        }

        [Theory]
        [InlineData("api/telemetry/events?limit=0", "limit")]
        [InlineData("api/telemetry/events?limit=abc", "limit")]
        [InlineData("api/telemetry/events?offset=-1", "offset")]
        [InlineData("api/telemetry/events?start_date=2026-13-01", "start_date")]
        [InlineData("api/telemetry/events?end_date=yesterday", "end_date")]
        [InlineData("api/telemetry/events?include_payload=maybe", "include_payload")]
        [InlineData("api/telemetry/report?by=model", "by")]
        [InlineData("api/telemetry/events?limti=5", "limti")]
        [InlineData("api/telemetry/stats?timezone=Mars/Olympus", "timezone")]
        [InlineData("api/telemetry/stats?start_date=2026-01-01&since=2026-01-01", "since")]
        [InlineData("api/telemetry/costs?by=colour", "by")]
        [InlineData("api/telemetry/export?format=xml", "format")]
        [InlineData("api/telemetry/patterns?days=0", "days")]
        [InlineData("api/telemetry/events?search=a&search=b", "search")]
        [InlineData("api/telemetry/events?limit=5&limit=6", "limit")]
        public async Task A_bad_parameter_is_a_400_naming_it(string path, string parameter)
        {
            using var response = await Server.Client.GetAsync(path);
            string body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, body);
            var json = JsonDocument.Parse(body).RootElement;
            Assert.Equal(parameter, json.GetProperty("parameter").GetString());
            Assert.Contains(parameter, json.GetProperty("error").GetString());
        }

        [Fact]
        public async Task Delete_without_before_date_is_a_400_and_removes_nothing()
        {
            int before = CliEventIds().Count;
            using var response = await Server.Client.DeleteAsync("api/telemetry/events");
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("before_date", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("parameter").GetString());
            Assert.Equal(before, CliEventIds().Count);
        }

        [Fact]
        public async Task An_unknown_path_is_a_404_json()
        {
            using var response = await Server.Client.GetAsync("api/telemetry/nothing");
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Contains("/api/telemetry/nothing", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());
        }

        [Theory]
        [InlineData("api/telemetry/events")]
        [InlineData("api/telemetry/stats")]
        [InlineData("api/telemetry/export")]
        [InlineData("api/telemetry/costs")]
        [InlineData("")]
        public async Task Without_the_token_it_is_401(string path)
        {
            using var none = await Server.Anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
            Assert.Equal("token", JsonDocument.Parse(await none.Content.ReadAsStringAsync()).RootElement.GetProperty("parameter").GetString());
            using var wrong = new HttpRequestMessage(HttpMethod.Get, path);
            wrong.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", Server.Token.Substring(1) + "A");
            using var response = await Server.Anonymous.SendAsync(wrong);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.False(none.Headers.Contains("Access-Control-Allow-Origin"));
        }

        [Fact]
        public async Task The_token_url_sets_a_strict_cookie_and_redirects_to_the_bare_page()
        {
            using var first = await Server.Anonymous.GetAsync("/?token=" + Server.Token);
            Assert.Equal(HttpStatusCode.Found, first.StatusCode);
            Assert.Equal("/", first.Headers.Location?.OriginalString);
            var cookie = Assert.Single(first.Headers.GetValues("Set-Cookie"));
            Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
            Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
            string pair = cookie.Split(';')[0];

            using var page = new HttpRequestMessage(HttpMethod.Get, "/");
            page.Headers.Add("Cookie", pair);
            using var html = await Server.Anonymous.SendAsync(page);
            Assert.Equal(HttpStatusCode.OK, html.StatusCode);
            string text = await html.Content.ReadAsStringAsync();
            Assert.Contains("connect-src 'self'", text);
            Assert.Contains("/api/telemetry/", text);
            Assert.DoesNotContain("http://", text.Replace("http://www.w3.org/2000/svg", ""));

            using var api = new HttpRequestMessage(HttpMethod.Get, "api/telemetry/stats");
            api.Headers.Add("Cookie", pair);
            using var stats = await Server.Anonymous.SendAsync(api);
            Assert.Equal(HttpStatusCode.OK, stats.StatusCode);

            using var bad = await Server.Anonymous.GetAsync("/?token=nope");
            Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
            Assert.False(bad.Headers.Contains("Set-Cookie"));
        }

        [Theory]
        [InlineData("evil.example:80")]
        [InlineData("attacker.test")]
        [InlineData("127.0.0.1:1")]
        public async Task A_foreign_host_header_is_refused(string host)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "api/telemetry/stats");
            request.Headers.Host = host;
            using var response = await Server.Client.SendAsync(request);
            Assert.Equal(HttpStatusCode.MisdirectedRequest, response.StatusCode);
            foreach (var ok in new[] { "localhost:" + Server.Port, "[::1]:" + Server.Port })
            {
                using var fine = new HttpRequestMessage(HttpMethod.Get, "api/telemetry/stats");
                fine.Headers.Host = ok;
                using var answer = await Server.Client.SendAsync(fine);
                Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
            }
        }

        [Fact]
        public async Task Fifty_concurrent_clients_all_get_correct_answers()
        {
            var stats = await Server.GetJson("api/telemetry/stats");
            long calls = stats.GetProperty("calls").GetInt64();
            var paths = new[] { "api/telemetry/stats", "api/telemetry/events?limit=50", "api/telemetry/costs?by=model", "api/telemetry/performance", "api/telemetry/patterns" };
            var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
            int answered = 0;
            await Task.WhenAll(Enumerable.Range(0, 50).Select(async client =>
            {
                for (int i = 0; i < 10; i++)
                {
                    string path = paths[(client + i) % paths.Length];
                    using var response = await Server.Client.GetAsync(path);
                    string body = await response.Content.ReadAsStringAsync();
                    if (response.StatusCode != HttpStatusCode.OK) { failures.Add(path + " " + (int)response.StatusCode); continue; }
                    var json = JsonDocument.Parse(body).RootElement;
                    bool right = path.Contains("events") ? json.GetProperty("events").GetArrayLength() == 50
                        : path.Contains("costs") ? json.GetProperty("totals").GetProperty("calls").GetInt64() == calls
                        : json.GetProperty("calls").GetInt64() == calls;
                    if (!right) failures.Add(path + " wrong: " + body.Substring(0, Math.Min(200, body.Length)));
                    System.Threading.Interlocked.Increment(ref answered);
                }
            }));
            Assert.Empty(failures);
            Assert.Equal(500, answered);
        }
    }
}
