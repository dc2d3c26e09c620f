using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using LlmTelemetry.Configuration;
using LlmTelemetry.Exporters.Prometheus;
using LlmTelemetry.Exporters.Shipping;
using LlmTelemetry.Importers;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;
using LlmTelemetry.Tests.Providers.Support;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Tests.Exporters.Prometheus
{
    [Collection(PushgatewayCollection.Name)]
    public sealed class PushgatewayAutoPushTests
    {
        private readonly PushgatewayFixture _gateway;

        public PushgatewayAutoPushTests(PushgatewayFixture gateway) => _gateway = gateway;

        private static TempStore StoreWith(Dictionary<string, string?> environment) => new TempStore(configure: o => o with { Environment = environment });

        private static RecordRequest Call(string model = "claude-sonnet-4-5") => new RecordRequest
        {
            Model = model, Provider = "anthropic", InputTokens = 120, OutputTokens = 30, DurationMs = 700, CostUsd = 0.02, Agent = "auto-push", Project = "p",
        };

        [Fact]
        public async Task A_recorded_call_with_LLM_PUSHGATEWAY_URL_set_pushes_the_totals()
        {
            string job = "llmt-auto-" + Guid.NewGuid().ToString("N").Substring(0, 12);
            // A generous bound: this test proves the push happens; the bound is the next test's.
            using var temp = StoreWith(new Dictionary<string, string?>
            {
                ["LLM_PUSHGATEWAY_URL"] = _gateway.Url.ToString(),
                ["LLM_PUSHGATEWAY_JOB"] = job,
                ["LLM_PUSHGATEWAY_TIMEOUT_MS"] = "20000",
            });
            var warnings = new List<string>();
            temp.Store.Warning += warnings.Add;
            new CallRecorder(temp.Store, null).Record(Call());
            new CallRecorder(temp.Store, null).Record(Call());
            Assert.Empty(warnings);
            var group = PushgatewayExporter.GroupUrl(temp.Store.AutoPush!.Options, ShipAnonymizer.None);
            try
            {
                var samples = Exposition.OfGroup(Exposition.Parse(await _gateway.MetricsAsync()), job, Environment.MachineName);
                Assert.Equal(2, samples.Single(s => s.Name == PrometheusExposition.Calls && s.Label("agent") == "auto-push").Value);
                Assert.Equal(0.04, samples.Single(s => s.Name == PrometheusExposition.CostUsd).Value, 9);
            }
            finally
            {
                await _gateway.DeleteAsync(group.ToString());
            }
        }

        [Fact]
        public void A_gateway_that_never_answers_costs_the_call_the_bound_and_a_warning_naming_the_url()
        {
            // Bound and listening, never accepting: the connection is made by the kernel, and no answer ever comes.
            var silent = new TcpListener(IPAddress.Loopback, 0);
            silent.Start();
            try
            {
                string url = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";
                using var temp = StoreWith(new Dictionary<string, string?> { ["LLM_PUSHGATEWAY_URL"] = url });
                Assert.Equal(TimeSpan.FromMilliseconds(200), temp.Store.AutoPush!.Bound);
                var warnings = new List<string>();
                temp.Store.Warning += warnings.Add;
                var clock = Stopwatch.StartNew();
                var stored = new CallRecorder(temp.Store, null).Record(Call());
                // A hang guard, not a timing: the bound is 200 ms.
                Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"the call took {clock.Elapsed}");
                var warning = Assert.Single(warnings);
                Assert.Contains(url, warning, StringComparison.Ordinal);
                Assert.Contains("LLM_PUSHGATEWAY_URL", warning, StringComparison.Ordinal);
                Assert.Contains("200 ms", warning, StringComparison.Ordinal);
                Assert.Equal(stored.Id, Assert.Single(temp.Store.Query()).Id);
            }
            finally
            {
                silent.Stop();
            }
        }

        [Fact]
        public async Task A_refused_push_is_a_warning_with_the_gateway_answer_and_the_call_is_kept()
        {
            await using var receiver = new LoopbackServer(Respond.Json("{\"message\":\"refused by the test\"}", 400));
            using var temp = StoreWith(new Dictionary<string, string?> { ["LLM_PUSHGATEWAY_URL"] = receiver.BaseUri.ToString(), ["LLM_PUSHGATEWAY_TIMEOUT_MS"] = "20000" });
            var warnings = new List<string>();
            temp.Store.Warning += warnings.Add;
            new CallRecorder(temp.Store, null).Record(Call());
            var warning = Assert.Single(warnings);
            Assert.Contains("HTTP 400", warning, StringComparison.Ordinal);
            Assert.Contains(receiver.BaseUri.Authority, warning, StringComparison.Ordinal);
            Assert.Single(temp.Store.Query());
        }

        [Fact]
        public async Task An_import_run_pushes_once_not_once_per_imported_call()
        {
            await using var receiver = new LoopbackServer(Respond.Json("{}"));
            using var source = new TempStore();
            for (int i = 0; i < 50; i++) source.Store.Append(TempStore.Call(source.Now.AddMinutes(-i)));
            string file = Path.Combine(source.Root, "export.jsonl");
            File.WriteAllLines(file, source.Store.Query().Select(r => System.Text.Encoding.UTF8.GetString(RecordSerializer.ToLine(r)).TrimEnd('\n')));
            using var temp = StoreWith(new Dictionary<string, string?> { ["LLM_PUSHGATEWAY_URL"] = receiver.BaseUri.ToString(), ["LLM_PUSHGATEWAY_TIMEOUT_MS"] = "20000" });
            var result = TelemetryImporter.Import(ImportSource.Jsonl, temp.Store, new ImportOptions { Path = file });
            Assert.Equal(50, result.Added);
            var push = Assert.Single(receiver.Requests);
            Assert.Equal("PUT", push.Method);
            Assert.StartsWith("/metrics/job/llm_telemetry/instance/", push.Path, StringComparison.Ordinal);
            Assert.StartsWith("text/plain; version=0.0.4", push.Header("content-type"), StringComparison.Ordinal);
            Assert.Contains("\nllm_calls_total{", push.Body, StringComparison.Ordinal);
        }

        [Fact]
        public void A_bad_LLM_PUSHGATEWAY_URL_is_refused_naming_the_variable_and_never_showing_its_password()
        {
            var env = new Dictionary<string, string?> { ["LLM_PUSHGATEWAY_URL"] = "ftp://ann:hunter2-pw@gateway:9091" };
            var ex = Assert.Throws<TelemetryEnvironmentException>(() => TelemetrySettings.Resolve(new StoreOptions { Environment = env, ConfigFile = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "c.json") }));
            Assert.Equal("LLM_PUSHGATEWAY_URL", ex.Variable);
            Assert.DoesNotContain("hunter2-pw", ex.Message, StringComparison.Ordinal);
            Assert.Contains("http or https", ex.Message, StringComparison.Ordinal);
            var timeout = new Dictionary<string, string?> { ["LLM_PUSHGATEWAY_TIMEOUT_MS"] = "0" };
            Assert.Equal("LLM_PUSHGATEWAY_TIMEOUT_MS", Assert.Throws<TelemetryEnvironmentException>(() => TelemetrySettings.Resolve(new StoreOptions { Environment = timeout, ConfigFile = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "c.json") })).Variable);
        }

        [Fact]
        public void The_settings_report_shows_the_url_without_its_user_and_password()
        {
            var env = new Dictionary<string, string?> { ["LLM_PUSHGATEWAY_URL"] = "http://ann:hunter2-pw@127.0.0.1:9091" };
            var settings = TelemetrySettings.Resolve(new StoreOptions { Environment = env, ConfigFile = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N"), "c.json") });
            var row = SettingsReport.Describe(settings).Single(s => s.Name == "PushgatewayUrl");
            Assert.Equal("http://127.0.0.1:9091", row.Value);
            Assert.Equal((SettingSource.Environment, "LLM_PUSHGATEWAY_URL"), (row.Source, row.Variable));
        }
    }
}
