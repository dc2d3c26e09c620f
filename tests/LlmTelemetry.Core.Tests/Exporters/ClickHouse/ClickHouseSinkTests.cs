using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using LlmTelemetry.Exporters.ClickHouse;
using LlmTelemetry.Exporters.Shipping;
using LlmTelemetry.Providers;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;
using Xunit;

namespace LlmTelemetry.Tests.Exporters.ClickHouse
{
    /// <summary>The sink against a real clickhouse-server on loopback; each test in its own database.</summary>
    [Collection(ClickHouseCollection.Name)]
    public sealed class ClickHouseSinkTests
    {
        private static readonly DateTimeOffset Day = new DateTimeOffset(2026, 11, 22, 0, 0, 0, TimeSpan.Zero);
        private static readonly RetryOptions FastRetry = new RetryOptions { MaxAttempts = 4, BaseDelay = TimeSpan.FromMilliseconds(5), MaxDelay = TimeSpan.FromMilliseconds(20) };

        private readonly ClickHouseServer _server;

        public ClickHouseSinkTests(ClickHouseServer server) => _server = server;

        [Fact]
        public async Task Prepare_creates_the_database_and_both_tables_when_missing()
        {
            string db = _server.NewDatabase("create");
            using var sink = Sink(db);
            await sink.PrepareAsync(CancellationToken.None);

            var tables = await _server.RowsAsync($"SELECT name, engine FROM system.tables WHERE database = '{db}' ORDER BY name");
            Assert.Equal(new[] { "llm_telemetry|ReplacingMergeTree", "llm_telemetry_daily|ReplacingMergeTree" }, tables.Select(r => r[0] + "|" + r[1]));
            var columns = await _server.RowsAsync($"SELECT name, type FROM system.columns WHERE database = '{db}' AND table = 'llm_telemetry'");
            Assert.Equal(ClickHouseSchema.RecordColumns.Select(c => c.Name + " " + c.Type), columns.Select(r => r[0] + " " + r[1]));
            Assert.Equal("http://" + _server.Url.Authority + "/" + db + ".llm_telemetry", sink.Target);
        }

        [Fact]
        public async Task Prepare_leaves_existing_tables_and_their_rows_alone()
        {
            string db = _server.NewDatabase("existing");
            using (var first = Sink(db))
            {
                await first.PrepareAsync(CancellationToken.None);
                await first.SendRecordsAsync(Records(20), CancellationToken.None);
            }
            using var second = Sink(db);
            await second.PrepareAsync(CancellationToken.None);

            Assert.Equal("20", await _server.QueryAsync($"SELECT count() FROM {db}.llm_telemetry"));
        }

        [Fact]
        public async Task Prepare_names_the_columns_an_existing_table_lacks()
        {
            string db = _server.NewDatabase("lacking");
            await _server.QueryAsync($"CREATE DATABASE {db}");
            await _server.QueryAsync($"CREATE TABLE {db}.calls (id String, timestamp DateTime, total_tokens Int64) ENGINE = MergeTree() ORDER BY id");
            using var sink = Sink(db, table: "calls");

            var e = await Assert.ThrowsAsync<ShipException>(() => sink.PrepareAsync(CancellationToken.None));

            Assert.Contains(db + ".calls", e.Message);
            Assert.Contains("timestamp_ms, event_type", e.Message);
            Assert.DoesNotContain("total_tokens", e.Message);
        }

        [Fact]
        public async Task A_batch_sums_back_exactly_and_nulls_stay_null()
        {
            string db = _server.NewDatabase("sums");
            var records = Records(1_000);
            using var sink = Sink(db, batchSize: 300);
            await sink.PrepareAsync(CancellationToken.None);
            for (int i = 0; i < records.Count; i += sink.BatchSize)
                await sink.SendRecordsAsync(records.Skip(i).Take(sink.BatchSize).ToList(), CancellationToken.None);

            var expected = new UsageTotals();
            foreach (var r in records) expected.Add(r);
            var row = (await _server.RowsAsync(
                "SELECT count(), countIf(event_type = 'llm_call'), sum(input_tokens), sum(output_tokens), sum(cache_creation_input_tokens), "
                + "sum(cache_creation_1h_input_tokens), sum(cache_read_input_tokens), sum(reasoning_tokens), sum(total_tokens), "
                + "sum(cost_usd), countIf(cost_usd IS NULL), countIf(duration_ms IS NULL), sum(duration_ms), countIf(error IS NULL), "
                + $"countIf(success = 0) FROM {db}.llm_telemetry FINAL")).Single();

            Assert.Equal(expected.Events, long.Parse(row[0], CultureInfo.InvariantCulture));
            Assert.Equal(expected.Calls, long.Parse(row[1], CultureInfo.InvariantCulture));
            Assert.Equal(new[] { expected.InputTokens, expected.OutputTokens, expected.CacheCreationInputTokens, expected.CacheCreation1hInputTokens,
                expected.CacheReadInputTokens, expected.ReasoningTokens, expected.TotalTokens }, row.Skip(2).Take(7).Select(v => long.Parse(v, CultureInfo.InvariantCulture)));
            Assert.Equal(expected.CostUsd, double.Parse(row[9], CultureInfo.InvariantCulture), 1e-9);
            Assert.Equal(records.Count(r => r.CostUsd is null), long.Parse(row[10], CultureInfo.InvariantCulture));
            Assert.Equal(records.Count(r => r.DurationMs is null), long.Parse(row[11], CultureInfo.InvariantCulture));
            Assert.Equal(expected.DurationSumMs, long.Parse(row[12], CultureInfo.InvariantCulture));
            Assert.Equal(records.Count(r => r.Metadata.Error is null), long.Parse(row[13], CultureInfo.InvariantCulture));
            Assert.Equal(expected.Failed, long.Parse(row[14], CultureInfo.InvariantCulture));
        }

        [Fact]
        public async Task A_record_comes_back_with_its_text_time_and_payload_as_sent()
        {
            string db = _server.NewDatabase("fields");
            var record = new TelemetryRecordBuilder().Id("r-1").At(Day.AddHours(10).AddMilliseconds(123)).Model("claude-sonnet-4-5")
                .Provider("anthropic").Agent("döc-finder \"quoted\" it's").Session("s\u00e9").User("chad").Project("spacewalker 🚀")
                .GitBranch("main").Host("dev-laptop").Source("invoke-llmchat").Error("HTTP 529:\toverloaded\nline \\two").Success(false)
                .PromptHash("sha256:abc").Payload(JsonPayload.Parse("{\"k\":[1,\"ü\"]}")).Tokens(input: 5, output: 7).Build();
            using var sink = Sink(db);
            await sink.PrepareAsync(CancellationToken.None);
            await sink.SendRecordsAsync(new[] { record }, CancellationToken.None);

            var row = (await _server.RowsAsync(
                "SELECT toString(timestamp), timestamp_ms, agent_name, session_id, project, error, payload, prompt_hash, response_hash, "
                + $"success, isNull(cost_usd), isNull(duration_ms), operation FROM {db}.llm_telemetry")).Single();

            Assert.Equal(new[] { "2026-11-22 10:00:00", "123", "döc-finder \"quoted\" it's", "s\u00e9", "spacewalker 🚀", "HTTP 529:\toverloaded\nline \\two",
                "{\"k\":[1,\"ü\"]}", "sha256:abc", "", "0", "1", "1", "" }, row);
        }

        [Fact]
        public async Task The_same_batch_sent_twice_counts_once_after_FINAL()
        {
            string db = _server.NewDatabase("twice");
            var records = Records(200);
            using var sink = Sink(db);
            await sink.PrepareAsync(CancellationToken.None);
            await sink.SendRecordsAsync(records, CancellationToken.None);
            await sink.SendRecordsAsync(records, CancellationToken.None);

            Assert.Equal("400", await _server.QueryAsync($"SELECT count() FROM {db}.llm_telemetry"));
            Assert.Equal("200\t" + records.Sum(r => r.Tokens.Total), await _server.QueryAsync($"SELECT count(), sum(total_tokens) FROM {db}.llm_telemetry FINAL"));
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task A_correction_with_a_larger_total_replaces_the_smaller_whichever_arrives_first(bool correctionFirst)
        {
            string db = _server.NewDatabase("correction");
            var original = Call("call-1", Day.AddHours(9), input: 100, output: 10);
            // A later import saw the finished response: more output, and a timestamp seconds later, on the same UTC day.
            var correction = Call("call-1", Day.AddHours(9).AddSeconds(40), input: 100, output: 900);
            var other = Call("call-2", Day.AddHours(9), input: 1, output: 1);
            using var sink = Sink(db);
            await sink.PrepareAsync(CancellationToken.None);
            await sink.SendRecordsAsync(correctionFirst ? new[] { correction, other } : new[] { original, other }, CancellationToken.None);
            await sink.SendRecordsAsync(correctionFirst ? new[] { original } : new[] { correction }, CancellationToken.None);

            Assert.Equal("2\t1002", await _server.QueryAsync($"SELECT count(), sum(total_tokens) FROM {db}.llm_telemetry FINAL"));
            // The doc's other exact form, without FINAL: per id, the version with the largest total.
            Assert.Equal("2\t1002", await _server.QueryAsync(
                $"SELECT count(), sum(total) FROM (SELECT id, argMax(total_tokens, version) AS total FROM {db}.llm_telemetry GROUP BY toDate(timestamp), id)"));
        }

        [Fact]
        public async Task A_rollup_day_sent_again_with_one_more_call_counts_as_the_second_send()
        {
            string db = _server.NewDatabase("rollup");
            var day = Day.UtcDateTime.AddDays(-100);
            using var sink = Sink(db);
            await sink.PrepareAsync(CancellationToken.None);
            var first = new[] { Cell(day.AddHours(1), "claude-sonnet-4-5", calls: 3, input: 300), Cell(day.AddHours(2), "gpt-5", calls: 2, input: 20) };
            var second = new[] { Cell(day.AddHours(1), "claude-sonnet-4-5", calls: 4, input: 400), Cell(day.AddHours(2), "gpt-5", calls: 2, input: 20) };

            Assert.True(await sink.SendRollupDayAsync(day, first, CancellationToken.None));
            Assert.True(await sink.SendRollupDayAsync(day, second, CancellationToken.None));

            Assert.Equal("6\t420\t1", await _server.QueryAsync(
                $"SELECT sum(calls), sum(input_tokens), uniqExact(day) FROM {db}.llm_telemetry_daily FINAL WHERE day = '{day:yyyy-MM-dd}'"));
        }

        [Fact]
        public async Task The_right_password_is_accepted_and_a_wrong_one_fails_naming_the_url_and_status_but_not_the_password()
        {
            string db = _server.NewDatabase("auth");
            using (var sink = Sink(db, user: ClickHouseServer.PasswordUser, password: ClickHouseServer.TestPassword))
            {
                await sink.PrepareAsync(CancellationToken.None);
                await sink.SendRecordsAsync(Records(3), CancellationToken.None);
            }
            const string wrong = "not-the-password-4711";
            using var refused = Sink(db, user: ClickHouseServer.PasswordUser, password: wrong);

            var e = await Assert.ThrowsAsync<ShipException>(() => refused.SendRecordsAsync(Records(3), CancellationToken.None));

            Assert.Contains("http://" + _server.Url.Authority + "/", e.Message);
            Assert.Contains("401", e.Message);
            Assert.DoesNotContain(wrong, e.ToString());
            Assert.DoesNotContain(ClickHouseServer.TestPassword, e.ToString());
            Assert.Equal("3", await _server.QueryAsync($"SELECT count() FROM {db}.llm_telemetry"));
        }

        [Fact]
        public async Task A_server_error_twice_then_success_is_retried_and_the_batch_lands_once()
        {
            string db = _server.NewDatabase("retry");
            using (var setup = Sink(db)) await setup.PrepareAsync(CancellationToken.None);
            using var failing = new FailingFirst(2);
            using var http = new HttpClient(failing);
            using var sink = Sink(db, http: http);

            await sink.SendRecordsAsync(Records(50), CancellationToken.None);

            Assert.Equal(3, failing.Requests);
            Assert.Equal("50", await _server.QueryAsync($"SELECT count() FROM {db}.llm_telemetry"));
        }

        [Fact]
        public async Task Server_errors_past_the_attempts_fail_naming_the_status_and_the_attempts()
        {
            string db = _server.NewDatabase("spent");
            using var failing = new FailingFirst(10);
            using var http = new HttpClient(failing);
            using var sink = Sink(db, http: http);

            var e = await Assert.ThrowsAsync<ShipException>(() => sink.SendRecordsAsync(Records(5), CancellationToken.None));

            Assert.Equal(FastRetry.MaxAttempts, failing.Requests);
            Assert.Contains("after 4 attempts", e.Message);
            Assert.Contains("HTTP 500", e.Message);
            Assert.Equal("clickhouse", e.Sink);
        }

        [Fact]
        public async Task A_row_ClickHouse_cannot_take_is_not_retried_though_it_answers_500()
        {
            string db = _server.NewDatabase("unparsable");
            using (var setup = Sink(db)) await setup.PrepareAsync(CancellationToken.None);
            // A table changed behind the sender's back: every row now has a field ClickHouse does not know (code 117,
            // answered with HTTP 500 by 18.16), which no retry can mend.
            await _server.QueryAsync($"ALTER TABLE {db}.llm_telemetry DROP COLUMN git_branch");
            using var counting = new FailingFirst(0);
            using var http = new HttpClient(counting);
            using var sink = Sink(db, http: http);

            var e = await Assert.ThrowsAsync<ShipException>(() => sink.SendRecordsAsync(Records(3), CancellationToken.None));

            Assert.Equal(1, counting.Requests);
            Assert.Contains("git_branch", e.Message);
        }

        [Fact]
        public async Task A_missing_table_is_an_error_with_ClickHouse_s_message_and_no_retry()
        {
            string db = _server.NewDatabase("missing");
            using var counting = new FailingFirst(0);
            using var http = new HttpClient(counting);
            using var sink = Sink(db, http: http);

            var e = await Assert.ThrowsAsync<ShipException>(() => sink.SendRecordsAsync(Records(1), CancellationToken.None));

            Assert.Equal(1, counting.Requests);
            Assert.Contains("HTTP 404", e.Message);
            Assert.Contains(db, e.Message);
        }

        [Fact]
        public async Task The_doc_s_queries_run_and_give_per_host_totals_over_raw_and_rollup_only_days()
        {
            string db = _server.NewDatabase("doc");
            var records = Records(600);
            var rawDay = Day.UtcDateTime;
            var historyDay = rawDay.AddDays(-200);
            using var sink = Sink(db);
            await sink.PrepareAsync(CancellationToken.None);
            await sink.SendRecordsAsync(records, CancellationToken.None);
            await sink.SendRecordsAsync(records.Take(100).ToList(), CancellationToken.None);
            // A history day of old-laptop, and a raw day of host-0 that was also shipped as a rollup: counted once, as records.
            await sink.SendRollupDayAsync(historyDay, new[] { Cell(historyDay.AddHours(3), "gpt-5", calls: 7, input: 70) }, CancellationToken.None);
            await sink.SendRollupDayAsync(rawDay, new[] { Cell(rawDay.AddHours(3), "gpt-5", calls: 1000, input: 1000, host: "host-0") }, CancellationToken.None);

            var queries = DocQueries().Select(q => q.Replace("default.", db + ".")).ToList();
            Assert.Equal(5, queries.Count);
            foreach (var q in queries) await _server.QueryAsync(q);

            var perHost = (await _server.RowsAsync(queries[4])).ToDictionary(r => r[0], r => (Calls: long.Parse(r[1], CultureInfo.InvariantCulture), Total: long.Parse(r[2], CultureInfo.InvariantCulture)));
            var expected = records.GroupBy(r => r.Metadata.Host!).ToDictionary(g => g.Key, g => (Calls: (long)g.Count(r => r.IsLlmCall), Total: g.Sum(r => r.Tokens.Total)));
            expected["old-laptop"] = (7, 70);
            Assert.Equal(expected.OrderBy(p => p.Key), perHost.OrderBy(p => p.Key));
        }

        /// <summary>The sql blocks of docs/exporters/clickhouse.md's "Queries" section.</summary>
        private static IEnumerable<string> DocQueries()
        {
            string doc = System.IO.File.ReadAllText(System.IO.Path.Combine(Support.RepoPaths.Root, "docs", "exporters", "clickhouse.md")).Replace("\r\n", "\n");
            string section = doc.Substring(doc.IndexOf("\n## Queries", StringComparison.Ordinal));
            var parts = section.Split(new[] { "```sql\n" }, StringSplitOptions.None);
            for (int i = 1; i < parts.Length; i++) yield return parts[i].Substring(0, parts[i].IndexOf("```", StringComparison.Ordinal));
        }

        private ClickHouseSink Sink(string db, string? table = null, int batchSize = 10_000, string? user = null, string? password = null, HttpClient? http = null)
            => new ClickHouseSink(new ClickHouseOptions
            {
                Url = _server.Url,
                Database = db,
                Table = table ?? ClickHouseOptions.DefaultTable,
                BatchSize = batchSize,
                User = user,
                Password = password,
                Retry = FastRetry,
                Http = http ?? _server.Http,
            });

        /// <summary>Varied records over three days: some unpriced, some without a duration, some failed, some other events.</summary>
        internal static List<TelemetryRecord> Records(int count, string prefix = "rec")
        {
            var list = new List<TelemetryRecord>(count);
            for (int i = 0; i < count; i++)
            {
                var b = new TelemetryRecordBuilder().Id($"{prefix}-{i:D6}").At(Day.AddDays(-(i % 3)).AddMinutes(i).AddMilliseconds(i % 1000))
                    .Provider(i % 2 == 0 ? "anthropic" : "openai").Model(i % 2 == 0 ? "claude-sonnet-4-5" : "gpt-5").Agent("agent-" + (i % 4))
                    .Session("s" + (i % 7)).Host("host-" + (i % 3)).Project("proj")
                    .Tokens(input: 100 + i, output: 10 + i % 50, cacheCreationInput: i % 5 == 0 ? 200 : 0, cacheCreation1hInput: i % 10 == 0 ? 100 : 0,
                        cacheReadInput: i % 3 == 0 ? 1_000 + i : 0, reasoning: i % 4 == 0 ? 5 : 0)
                    .Cost(i % 6 == 0 ? null : 0.000_123_4 * (i + 1))
                    .DurationMs(i % 9 == 0 ? null : 100 + i)
                    .Success(i % 11 != 0);
                if (i % 11 == 0) b.Error("HTTP 500 at call " + i);
                if (i % 13 == 0) b.EventType("tool_call");
                list.Add(b.Build());
            }
            return list;
        }

        private static TelemetryRecord Call(string id, DateTimeOffset at, long input, long output)
            => new TelemetryRecordBuilder().Id(id).At(at).Model("claude-sonnet-4-5").Provider("anthropic").Tokens(input: input, output: output).Cost(0.01).Build();

        private static ShipRollupRow Cell(DateTime slot, string model, long calls, long input, string host = "old-laptop")
            => new ShipRollupRow
            {
                SlotStartUtc = slot,
                EventType = TelemetryRecord.LlmCallEvent,
                Model = model,
                Host = host,
                Totals = new UsageTotals { Events = calls, Calls = calls, InputTokens = input, TotalTokens = input, CostUsd = 0.5 * calls },
            };

        /// <summary>Answers the first <c>failures</c> requests with a 500 itself, then passes them to the real server.</summary>
        private sealed class FailingFirst : DelegatingHandler
        {
            private int _failuresLeft;

            public FailingFirst(int failures) : base(new HttpClientHandler()) => _failuresLeft = failures;

            public int Requests { get; private set; }

            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
            {
                Requests++;
                if (_failuresLeft-- > 0)
                    return Task.FromResult(new HttpResponseMessage(HttpStatusCode.InternalServerError) { Content = new StringContent("Code: 999, simulated failure") });
                return base.SendAsync(request, cancellationToken);
            }
        }
    }
}
