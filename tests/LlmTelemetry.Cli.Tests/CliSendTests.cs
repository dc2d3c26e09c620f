using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using LlmTelemetry.Configuration;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;
using LlmTelemetry.Tests.Exporters.ClickHouse;
using LlmTelemetry.Tests.Exporters.Prometheus;
using LlmTelemetry.Tests.Providers.Support;
using Xunit;

namespace LlmTelemetry.Cli.Tests
{
    /// <summary>
    /// `send` as a real process against a real ClickHouse (and Pushgateway, and a loopback OTLP receiver): the sums
    /// come back exactly, a sender killed between batches loses and doubles nothing once sent again, and three hosts'
    /// totals stay apart.
    /// </summary>
    [Collection(ClickHouseCollection.Name)]
    public sealed class CliSendTests : IDisposable
    {
        private static readonly string[] JsonFields = { "sink", "sent", "batches", "skipped", "checkpoint" };
        private readonly ClickHouseServer _server;
        private readonly CliSandbox _cli = new CliSandbox();

        public CliSendTests(ClickHouseServer server) => _server = server;

        public void Dispose() => _cli.Dispose();

        /// <summary>
        /// A loopback HTTP proxy in front of ClickHouse that passes every request on, except that it answers the
        /// <c>holdInsert</c>-th INSERT never: it forwards it, says so through <see cref="Held"/>, and keeps the sender
        /// waiting. Later requests pass on as usual.
        /// </summary>
        private sealed class HoldingProxy : IDisposable
        {
            private readonly System.Net.HttpListener _listener = new System.Net.HttpListener();
            private readonly System.Net.Http.HttpClient _http = new System.Net.Http.HttpClient { Timeout = TimeSpan.FromSeconds(60) };
            private readonly TaskCompletionSource<bool> _held = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            private readonly System.Threading.CancellationTokenSource _stop = new System.Threading.CancellationTokenSource();
            private readonly Uri _target;
            private readonly int _holdInsert;
            private int _inserts;

            public HoldingProxy(Uri target, int holdInsert)
            {
                _target = target;
                _holdInsert = holdInsert;
                for (int attempt = 0; ; attempt++)
                {
                    int port = 20_000 + Random.Shared.Next(40_000);
                    _listener.Prefixes.Clear();
                    _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
                    try
                    {
                        _listener.Start();
                        Url = new Uri($"http://127.0.0.1:{port}/");
                        break;
                    }
                    catch (System.Net.HttpListenerException) when (attempt < 20)
                    {
                        // taken: another port
                    }
                }
                _ = Task.Run(LoopAsync);
            }

            public Uri Url { get; } = null!;
            public Task Held => _held.Task;

            private async Task LoopAsync()
            {
                while (!_stop.IsCancellationRequested)
                {
                    System.Net.HttpListenerContext context;
                    try { context = await _listener.GetContextAsync(); }
                    catch (Exception) when (_stop.IsCancellationRequested) { return; }
                    _ = Task.Run(() => ForwardAsync(context));
                }
            }

            private async Task ForwardAsync(System.Net.HttpListenerContext context)
            {
                using var body = new MemoryStream();
                await context.Request.InputStream.CopyToAsync(body);
                var forward = new System.Net.Http.HttpRequestMessage(new System.Net.Http.HttpMethod(context.Request.HttpMethod), new Uri(_target, context.Request.RawUrl))
                {
                    Content = new System.Net.Http.ByteArrayContent(body.ToArray()),
                };
                if (context.Request.Headers["Authorization"] is { } auth) forward.Headers.TryAddWithoutValidation("Authorization", auth);
                using var answer = await _http.SendAsync(forward);
                byte[] bytes = await answer.Content.ReadAsByteArrayAsync();
                bool insert = context.Request.RawUrl?.Contains("INSERT", StringComparison.OrdinalIgnoreCase) == true
                              || Uri.UnescapeDataString(context.Request.RawUrl ?? "").Contains("INSERT", StringComparison.OrdinalIgnoreCase);
                if (insert && System.Threading.Interlocked.Increment(ref _inserts) == _holdInsert)
                {
                    _held.TrySetResult(true);
                    try { await Task.Delay(System.Threading.Timeout.Infinite, _stop.Token); } catch (OperationCanceledException) { }
                    return;
                }
                context.Response.StatusCode = (int)answer.StatusCode;
                await context.Response.OutputStream.WriteAsync(bytes);
                context.Response.Close();
            }

            public void Dispose()
            {
                _stop.Cancel();
                _listener.Close();
                _http.Dispose();
            }
        }

        /// <summary>A store of <paramref name="count"/> calls of one host over the last 20 days; some failed, some unpriced.</summary>
        private static string Generate(string root, string host, int count, int seed, int daysBack = 20)
        {
            var random = new Random(seed);
            var now = DateTimeOffset.UtcNow;
            using var store = new TelemetryStore(new StoreOptions { Root = root, AutoMaintenance = false, Environment = new Dictionary<string, string?>() });
            var models = new[] { "claude-sonnet-4-5", "gpt-4o-mini", "local-llama" };
            const int chunk = 20_000;
            for (int start = 0; start < count; start += chunk)
            {
                var calls = new List<TelemetryRecord>(chunk);
                for (int i = start; i < Math.Min(count, start + chunk); i++)
                {
                    string model = models[random.Next(models.Length)];
                    calls.Add(new TelemetryRecordBuilder().At(now.AddSeconds(-random.Next(60, daysBack * 86_400))).Model(model).Provider("p-" + model[0])
                        .Agent("agent-" + random.Next(4)).Session("s" + random.Next(50)).Host(host).Project("proj-" + random.Next(3)).User("user-" + random.Next(3))
                        .Tokens(input: random.Next(1, 9000), output: random.Next(1, 2000), cacheReadInput: random.Next(0, 4) * 512L)
                        .DurationMs(random.Next(50, 20_000)).Success(random.Next(20) > 0)
                        .Cost(model == "local-llama" ? null : Math.Round(random.NextDouble() / 10, 8)).Build());
                }
                store.AppendBatch(calls);
            }
            return root;
        }

        /// <summary>Calls, total tokens and cost of a store, all time, as its own costs report says.</summary>
        private (long Calls, long Tokens, double Cost) StoreTotals(string store)
        {
            var t = _cli.Run("costs", "--since", "2000-01-01", "--dir", store, "--json").Ok().Json.GetProperty("totals");
            return (t.GetProperty("calls").GetInt64(), t.GetProperty("total_tokens").GetInt64(), Math.Round(t.GetProperty("cost_usd").GetDouble(), 6));
        }

        private async Task<(long Calls, long Tokens, double Cost)> TableTotals(string db, string? host = null)
        {
            string where = host is null ? "" : $" WHERE host = '{host}'";
            var row = (await _server.RowsAsync($"SELECT count(), sum(total_tokens), sum(ifNull(cost_usd, 0)) FROM {db}.llm_telemetry FINAL{where}")).Single();
            return (long.Parse(row[0], CultureInfo.InvariantCulture), long.Parse(row[1], CultureInfo.InvariantCulture),
                Math.Round(double.Parse(row[2], CultureInfo.InvariantCulture), 6));
        }

        private string[] Send(string store, string db, params string[] more)
            => new[] { "send", "clickhouse", "--url", _server.Url.ToString(), "--database", db, "--dir", store }.Concat(more).ToArray();

        [Fact]
        public async Task A_store_sent_to_ClickHouse_sums_back_exactly_and_a_second_send_sends_nothing()
        {
            string db = _server.NewDatabase("cli_send");
            string store = Generate(Path.Combine(_cli.Root, "store-a"), "host-a", 2_500, seed: 1);

            var dry = _cli.Run(Send(store, db, "--dry-run", "--json")).Ok().Json;
            Assert.Equal(JsonFields, dry.EnumerateObject().Select(p => p.Name));
            Assert.Equal(2_500, dry.GetProperty("sent").GetInt64());
            Assert.Equal("0", await _server.QueryAsync($"SELECT count() FROM system.databases WHERE name = '{db}'"));

            var first = _cli.Run(Send(store, db, "--json")).Ok().Json;
            Assert.Equal(JsonFields, first.EnumerateObject().Select(p => p.Name));
            Assert.Equal("clickhouse", first.GetProperty("sink").GetString());
            Assert.Equal(2_500, first.GetProperty("sent").GetInt64());
            Assert.Equal(1, first.GetProperty("batches").GetInt32());
            Assert.Equal(0, first.GetProperty("skipped").GetInt64());
            var checkpoint = first.GetProperty("checkpoint");
            Assert.True(File.Exists(checkpoint.GetProperty("file").GetString()));
            Assert.Equal(StoreTotals(store), await TableTotals(db));

            Assert.Equal(0, _cli.Run(Send(store, db, "--json")).Ok().Json.GetProperty("sent").GetInt64());
            var again = _cli.Run(Send(store, db, "--from-start", "--json")).Ok().Json;
            Assert.Equal(2_500, again.GetProperty("sent").GetInt64());
            Assert.Equal(StoreTotals(store), await TableTotals(db)); // sent twice, counted once after FINAL

            var human = _cli.Run(Send(store, db)).Ok();
            Assert.Contains("sent 0 record(s)", human.Stdout + human.Stderr);
        }

        [Fact]
        public async Task A_sender_killed_between_batches_and_started_again_leaves_the_totals_exactly_the_stores()
        {
            string db = _server.NewDatabase("cli_kill");
            // 60,000 calls: six batches of 10,000. The sender goes through a proxy that passes the third batch on to
            // ClickHouse and then never answers it: the worst moment to die, the batch stored but not checkpointed.
            string store = Generate(Path.Combine(_cli.Root, "store-k"), "host-k", 60_000, seed: 2);
            using var proxy = new HoldingProxy(_server.Url, holdInsert: 3);
            string[] send = { "send", "clickhouse", "--url", proxy.Url.ToString(), "--database", db, "--dir", store, "--json" };
            var process = Process.Start(_cli.Start(send))!;
            try
            {
                var held = await Task.WhenAny(proxy.Held, Task.Delay(TimeSpan.FromSeconds(120)));
                Assert.True(held == proxy.Held, "the sender did not reach its third batch within 120 s");
                process.Kill(entireProcessTree: true);
                Assert.True(process.WaitForExit(30_000), "the killed sender did not end");
            }
            finally
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
            }
            Assert.Equal("30000", await _server.QueryAsync($"SELECT count() FROM {db}.llm_telemetry FINAL"));

            var resumed = _cli.Run(send).Ok().Json;
            // From the checkpoint, which had moved over the first two batches only: the third is sent again.
            Assert.Equal(40_000, resumed.GetProperty("sent").GetInt64());
            Assert.Equal(StoreTotals(store), await TableTotals(db));
        }

        [Fact]
        public async Task Three_hosts_sending_to_one_table_keep_their_own_totals_and_history_days_are_counted_once()
        {
            string db = _server.NewDatabase("cli_hosts");
            var stores = new[] { "ada", "bob", "cy" }.Select((h, i) => (Host: h, Root: Generate(Path.Combine(_cli.Root, "store-" + h), h, 800 + 300 * i, seed: 10 + i))).ToList();
            // cy has history too: forty days back, archived to rollups before anything was sent.
            string cy = stores[2].Root;
            using (var s = new TelemetryStore(new StoreOptions { Root = cy, AutoMaintenance = false, Environment = new Dictionary<string, string?>() }))
            {
                s.AppendBatch(Enumerable.Range(0, 30).Select(i => new TelemetryRecordBuilder().At(DateTimeOffset.UtcNow.AddDays(-45).AddMinutes(i * 7))
                    .Model("claude-sonnet-4-5").Provider("anthropic").Host("cy").Tokens(input: 100 + i, output: 10).Cost(0.01).Build()).ToList());
                s.Maintenance.Run(new MaintenanceOptions { RetentionDays = 30 });
            }
            foreach (var (_, root) in stores) _cli.Run(Send(root, db, "--json")).Ok();
            var cyResult = _cli.Run(Send(cy, db, "--from-start", "--json")).Ok().Json; // again: nothing counts twice

            Assert.True(cyResult.GetProperty("sent").GetInt64() > 1_400, cyResult.GetRawText()); // its 1,400 records and its history day's rollup rows
            var perHost = (await _server.RowsAsync(
                $"SELECT host, sum(c), sum(t), sum(usd) FROM (" +
                $" SELECT host, toInt64(countIf(event_type = 'llm_call')) AS c, sum(total_tokens) AS t, sum(ifNull(cost_usd, 0)) AS usd FROM {db}.llm_telemetry FINAL GROUP BY host" +
                $" UNION ALL SELECT host, sum(calls) AS c, sum(total_tokens) AS t, sum(cost_usd) AS usd FROM {db}.llm_telemetry_daily FINAL" +
                $" WHERE (host, day) NOT IN (SELECT DISTINCT host, toDate(timestamp) FROM {db}.llm_telemetry) GROUP BY host) GROUP BY host ORDER BY host"))
                .ToDictionary(r => r[0], r => (long.Parse(r[1], CultureInfo.InvariantCulture), long.Parse(r[2], CultureInfo.InvariantCulture),
                    Math.Round(double.Parse(r[3], CultureInfo.InvariantCulture), 6)));
            Assert.Equal(new[] { "ada", "bob", "cy" }, perHost.Keys);
            foreach (var (host, root) in stores) Assert.Equal(StoreTotals(root), perHost[host]);
            Assert.Equal("30", await _server.QueryAsync($"SELECT sum(calls) FROM {db}.llm_telemetry_daily FINAL"));
        }

        [Fact]
        public async Task Anonymised_sends_carry_the_team_hash_and_bad_arguments_name_what_is_wrong_without_secrets()
        {
            string db = _server.NewDatabase("cli_anon");
            string store = Generate(Path.Combine(_cli.Root, "store-n"), "secret-laptop", 40, seed: 3);
            var salt = new Dictionary<string, string> { ["LLM_TEAM_SALT"] = "a-team-salt-of-enough-length" };
            _cli.Run(Send(store, db, "--anonymize", "--json"), salt).Ok();
            var hosts = (await _server.RowsAsync($"SELECT DISTINCT host, user_id FROM {db}.llm_telemetry")).ToList();
            Assert.All(hosts, r => Assert.StartsWith("h:", r[0]));
            Assert.All(hosts, r => Assert.StartsWith("h:", r[1]));
            Assert.DoesNotContain("secret-laptop", await _server.QueryAsync($"SELECT groupUniqArray(host) FROM {db}.llm_telemetry"));

            var noSalt = _cli.Run(Send(store, db, "--anonymize"));
            Assert.Equal(2, noSalt.ExitCode);
            Assert.Contains("LLM_TEAM_SALT", noSalt.Stderr);

            var badUrl = _cli.Run("send", "clickhouse", "--url", "ftp://x", "--dir", store);
            Assert.Equal(2, badUrl.ExitCode);
            Assert.Contains("--url", badUrl.Stderr);

            var wrong = _cli.Run(Send(store, db, "--user", ClickHouseServer.PasswordUser, "--from-start"),
                new Dictionary<string, string> { ["LLM_CLICKHOUSE_PASSWORD"] = "not-the-password-42" });
            Assert.Equal(1, wrong.ExitCode);
            Assert.Contains(_server.Url.Authority, wrong.Stderr);
            Assert.DoesNotContain("not-the-password-42", wrong.Stdout + wrong.Stderr);

            var right = _cli.Run(Send(store, db, "--user", ClickHouseServer.PasswordUser, "--from-start", "--json"),
                new Dictionary<string, string> { ["LLM_CLICKHOUSE_PASSWORD"] = ClickHouseServer.TestPassword }).Ok();
            Assert.Equal(40, right.Json.GetProperty("sent").GetInt64());
        }

        [Fact]
        public async Task Send_otlp_posts_every_record_as_a_log_record_and_send_pushgateway_pushes_totals_without_a_checkpoint()
        {
            string store = Generate(Path.Combine(_cli.Root, "store-o"), "host-o", 120, seed: 4);
            await using var collector = new LoopbackServer((request, response, _) => response.WriteAsync(200, "{}"));
            var otlp = _cli.Run("send", "otlp", "--url", collector.BaseUri.ToString(), "--dir", store, "--json").Ok().Json;
            Assert.Equal(JsonFields, otlp.EnumerateObject().Select(p => p.Name));
            Assert.Equal(120, otlp.GetProperty("sent").GetInt64());
            int logRecords = collector.Requests.Where(r => r.Path == "/v1/logs")
                .Sum(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("resourceLogs").EnumerateArray()
                    .Sum(rl => rl.GetProperty("scopeLogs").EnumerateArray().Sum(sl => sl.GetProperty("logRecords").GetArrayLength())));
            Assert.Equal(120, logRecords);
            Assert.Contains(collector.Requests, r => r.Path == "/v1/metrics");

            using var gateway = new PushgatewayFixture();
            string job = "llmt-send-" + Guid.NewGuid().ToString("N").Substring(0, 10);
            var push = _cli.Run("send", "pushgateway", "--url", gateway.Url.ToString(), "--job", job, "--dir", store, "--json").Ok().Json;
            Assert.Equal(JsonFields, push.EnumerateObject().Select(p => p.Name));
            Assert.Equal(JsonValueKind.Null, push.GetProperty("checkpoint").ValueKind);
            Assert.True(push.GetProperty("sent").GetInt64() > 0);
            var samples = Exposition.Parse(await gateway.MetricsAsync()).Where(s => s.Label("job") == job).ToList();
            Assert.Equal(StoreTotals(store).Calls, (long)samples.Where(s => s.Name == "llm_calls_total").Sum(s => s.Value));
            await gateway.DeleteAsync(new Uri(gateway.Url, $"/metrics/job/{job}/instance/{samples.First().Label("instance")}").ToString());
        }
    }
}
