using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using LlmTelemetry.Demo;
using LlmTelemetry.Exporters.Prometheus;
using LlmTelemetry.Exporters.Shipping;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Tests.Exporters.Prometheus
{
    [Collection(PushgatewayCollection.Name)]
    public sealed class PushgatewayExporterTests : IDisposable
    {
        private const string Salt = "a-team-salt-of-enough-length";
        private static readonly GroupKey[] SeriesKeys = { GroupKey.Model, GroupKey.Provider, GroupKey.Agent, GroupKey.Project, GroupKey.Host };

        private readonly PushgatewayFixture _gateway;
        private readonly TempStore _temp;
        private readonly List<TelemetryRecord> _records;
        private readonly string _job = "llmt-test-" + Guid.NewGuid().ToString("N").Substring(0, 12);
        private readonly List<string> _groups = new List<string>();

        public PushgatewayExporterTests(PushgatewayFixture gateway)
        {
            _gateway = gateway;
            // 45 days with a 30-day retention: the older days go straight to history rollups, so both tiers count.
            _temp = new TempStore(configure: o => o with { RetentionDays = 30 });
            _records = new DemoDataGenerator(seed: 7).Generate(45, 40, _temp.Now).ToList();
            _temp.Store.AppendBatch(_records);
        }

        private PushgatewayOptions Options(string? instance = "test-instance") => new PushgatewayOptions { Url = _gateway.Url, Job = _job, Instance = instance };

        private async Task<List<Sample>> PushAndScrape(PushgatewayOptions options, ShipAnonymizer anonymizer)
        {
            var result = await PushgatewayExporter.PushAsync(_temp.Store, options, anonymizer, default);
            _groups.Add(result.GroupUrl);
            var instance = anonymizer.Hash(options.Instance ?? Environment.MachineName)!;
            return Exposition.OfGroup(Exposition.Parse(await _gateway.MetricsAsync()), _job, instance);
        }

        [Fact]
        public async Task A_push_shows_the_store_totals_of_every_series_on_the_gateway()
        {
            Assert.Contains(_temp.Store.Days(), d => true);
            Assert.True(_temp.Store.History.Days().Count > 0, "the generated store has history days");
            var samples = await PushAndScrape(Options(), ShipAnonymizer.None);

            var report = CostReporter.Run(_temp.Store, new RecordQuery { Zone = TimeZoneInfo.Utc }, SeriesKeys);
            Assert.True(report.Rows.Count > 5);
            Assert.Equal(_records.Count(r => r.IsLlmCall), samples.Where(s => s.Name == PrometheusExposition.Calls).Sum(s => s.Value));
            foreach (var row in report.Rows)
            {
                var labels = SeriesKeys.Select(k => row.ValueOf(k) ?? "").ToArray();
                double Value(string name, string? kind = null)
                    => Assert.Single(samples, s => s.Name == name && Matches(s, labels) && (kind is null || s.Label("kind") == kind)).Value;
                Assert.Equal(row.Calls, Value(PrometheusExposition.Calls));
                Assert.Equal(row.FailedCalls, Value(PrometheusExposition.FailedCalls));
                Assert.Equal(row.InputTokens, Value(PrometheusExposition.Tokens, "input"));
                Assert.Equal(row.OutputTokens, Value(PrometheusExposition.Tokens, "output"));
                Assert.Equal(row.CacheReadInputTokens, Value(PrometheusExposition.Tokens, "cache_read"));
                Assert.Equal(row.CacheCreationInputTokens, Value(PrometheusExposition.Tokens, "cache_write"));
                Assert.Equal(row.ReasoningTokens, Value(PrometheusExposition.Tokens, "reasoning"));
                Assert.Equal(row.CostUsd, Value(PrometheusExposition.CostUsd), 9);
                Assert.Equal(row.UnpricedCalls, Value(PrometheusExposition.UnpricedCalls));

                // The histogram against the generated records themselves, not the rollups it was built from.
                var durations = _records.Where(r => r.IsLlmCall && r.DurationMs is not null && Matches(r, labels)).Select(r => r.DurationMs!.Value).ToList();
                Assert.Equal(durations.Count, Value(PrometheusExposition.Duration + "_count"));
                Assert.Equal(durations.Sum() / 1000.0, Value(PrometheusExposition.Duration + "_sum"), 6);
                var buckets = samples.Where(s => s.Name == PrometheusExposition.Duration + "_bucket" && Matches(s, labels)).ToList();
                Assert.Equal(DurationBuckets.BoundsSeconds.Length + 1, buckets.Count);
                Assert.Equal(durations.Count, buckets.Single(b => b.Label("le") == "+Inf").Value);
                for (int i = 0; i < DurationBuckets.BoundsSeconds.Length; i++)
                {
                    long bound = DurationBuckets.BoundaryMs(i);
                    // Exact boundaries count every call at or under them; a straddled one leaves out its bucket's part under it.
                    long under = DurationBuckets.LeftOut(i) is { } left ? left.FromMs - 1 : bound;
                    var le = buckets.Single(b => double.Parse(b.Label("le") == "+Inf" ? "1e99" : b.Label("le"), System.Globalization.CultureInfo.InvariantCulture) == DurationBuckets.BoundsSeconds[i]);
                    Assert.Equal(durations.Count(d => d <= under), le.Value);
                }
            }
        }

        [Fact]
        public async Task Pushing_twice_leaves_the_same_values()
        {
            var first = await PushAndScrape(Options(), ShipAnonymizer.None);
            var second = await PushAndScrape(Options(), ShipAnonymizer.None);
            static IEnumerable<string> Shown(IEnumerable<Sample> samples) => samples.Where(s => s.Name.StartsWith("llm_", StringComparison.Ordinal))
                .Select(s => s.Name + "{" + string.Join(",", s.Labels.OrderBy(l => l.Key).Select(l => l.Key + "=" + l.Value)) + "} " + s.Value.ToString("R")).OrderBy(x => x, StringComparer.Ordinal);
            Assert.Equal(Shown(first), Shown(second));
            Assert.Equal(_records.Count(r => r.IsLlmCall), second.Where(s => s.Name == PrometheusExposition.Calls).Sum(s => s.Value));
        }

        [Fact]
        public async Task Anonymised_host_labels_and_instance_are_the_HMAC_not_the_name()
        {
            var anonymizer = ShipAnonymizer.FromSalt(Salt, "salt");
            var samples = await PushAndScrape(Options(instance: "dev-laptop"), anonymizer);
            var calls = samples.Where(s => s.Name == PrometheusExposition.Calls).ToList();
            Assert.NotEmpty(calls);
            var hosts = _records.Select(r => r.Metadata.Host!).Distinct().ToList();
            Assert.Equal(hosts.Select(h => anonymizer.Hash(h)).OrderBy(h => h), calls.Select(s => s.Label("host")).Distinct().OrderBy(h => h));
            Assert.All(samples, s => Assert.DoesNotContain(s.Labels.Values, v => hosts.Contains(v)));
            Assert.All(samples, s => Assert.Equal(anonymizer.Hash("dev-laptop"), s.Label("instance")));
        }

        [Fact]
        public async Task A_call_recorded_into_a_closed_day_changes_the_totals_the_cache_keeps()
        {
            var before = await PushAndScrape(Options(), ShipAnonymizer.None);
            var cache = Path.Combine(_temp.StoreRoot, PushTotalsCache.FolderName, "closed.json");
            Assert.True(File.Exists(cache));
            // Three days ago (a raw day) and forty days ago (a history day): both were summed into the cache.
            _temp.Store.Append(TempStore.Call(_temp.Now.AddDays(-3), model: "cache-check", cost: 1.5));
            _temp.Store.Append(TempStore.Call(_temp.Now.AddDays(-40), model: "cache-check", cost: 2.5));
            var after = await PushAndScrape(Options(), ShipAnonymizer.None);
            Assert.Equal(before.Where(s => s.Name == PrometheusExposition.Calls).Sum(s => s.Value) + 2, after.Where(s => s.Name == PrometheusExposition.Calls).Sum(s => s.Value));
            Assert.Equal(4.0, after.Single(s => s.Name == PrometheusExposition.CostUsd && s.Label("model") == "cache-check").Value, 9);
        }

        [Fact]
        public async Task An_edited_cache_file_is_not_believed()
        {
            await PushAndScrape(Options(), ShipAnonymizer.None);
            var cache = Path.Combine(_temp.StoreRoot, PushTotalsCache.FolderName, "closed.json");
            string text = File.ReadAllText(cache);
            File.WriteAllText(cache, text.Replace("\"counts\":[", "\"counts\":[9"));
            var warnings = new List<string>();
            _temp.Store.Warning += warnings.Add;
            var samples = await PushAndScrape(Options(), ShipAnonymizer.None);
            Assert.Equal(_records.Count(r => r.IsLlmCall), samples.Where(s => s.Name == PrometheusExposition.Calls).Sum(s => s.Value));
            Assert.Contains(warnings, w => w.Contains("closed.json", StringComparison.Ordinal));
        }

        [Fact]
        public async Task Label_values_with_quotes_and_backslashes_and_a_job_with_a_slash_reach_the_gateway_intact()
        {
            _temp.Store.Append(TempStore.Call(_temp.Now, model: "odd\"model\\name", agent: "a/b"));
            var options = Options() with { Job = _job + "/slashed" };
            var result = await PushgatewayExporter.PushAsync(_temp.Store, options, ShipAnonymizer.None, default);
            _groups.Add(result.GroupUrl);
            Assert.Contains("/job@base64/", result.GroupUrl, StringComparison.Ordinal);
            var samples = Exposition.OfGroup(Exposition.Parse(await _gateway.MetricsAsync()), _job + "/slashed", "test-instance");
            Assert.Equal(1, samples.Single(s => s.Name == PrometheusExposition.Calls && s.Label("model") == "odd\"model\\name").Value);
        }

        [Fact]
        public void The_dry_run_returns_the_body_with_help_and_type_lines_and_sends_nothing()
        {
            var result = PushgatewayExporter.DryRun(_temp.Store, Options(), ShipAnonymizer.None, default);
            Assert.NotNull(result.Body);
            foreach (var name in new[] { PrometheusExposition.Calls, PrometheusExposition.FailedCalls, PrometheusExposition.Tokens, PrometheusExposition.CostUsd, PrometheusExposition.UnpricedCalls })
                Assert.Contains("# TYPE " + name + " counter\n", result.Body, StringComparison.Ordinal);
            Assert.Contains("# TYPE llm_call_duration_seconds histogram\n", result.Body, StringComparison.Ordinal);
            Assert.Equal(_records.Count(r => r.IsLlmCall), result.Calls);
        }

        [Fact]
        public async Task A_gateway_that_refuses_the_push_is_a_ShipException_naming_the_url_without_credentials()
        {
            var options = new PushgatewayOptions { Url = new Uri(_gateway.Url, "/no-such-prefix/"), Job = _job, Instance = "x", Retry = LlmTelemetry.Providers.RetryOptions.Default with { MaxAttempts = 1 } };
            var withUser = options with { Url = new UriBuilder(options.Url) { UserName = "ann", Password = "s3cret-pw" }.Uri };
            var ex = await Assert.ThrowsAsync<ShipException>(() => PushgatewayExporter.PushAsync(_temp.Store, withUser, ShipAnonymizer.None, default));
            Assert.Contains(_gateway.Url.Authority, ex.Message, StringComparison.Ordinal);
            Assert.Contains("HTTP 404", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("s3cret-pw", ex.Message, StringComparison.Ordinal);
        }

        private static bool Matches(Sample s, string[] labels)
        {
            for (int i = 0; i < labels.Length; i++)
                if (s.Label(PushSeries.LabelNames[i]) != labels[i]) return false;
            return true;
        }

        private static bool Matches(TelemetryRecord r, string[] labels)
            => (r.Model ?? "") == labels[0] && (r.Provider ?? "") == labels[1] && (r.AgentName ?? "") == labels[2]
                && (r.Metadata.Project ?? "") == labels[3] && (r.Metadata.Host ?? "") == labels[4];

        public void Dispose()
        {
            foreach (var group in _groups.Distinct()) _gateway.DeleteAsync(group).GetAwaiter().GetResult();
            _temp.Dispose();
        }
    }
}
