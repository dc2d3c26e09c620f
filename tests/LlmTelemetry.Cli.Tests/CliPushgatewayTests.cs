using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using LlmTelemetry.Tests.Exporters.Prometheus;
using Xunit;

namespace LlmTelemetry.Cli.Tests
{
    /// <summary>`record` with LLM_PUSHGATEWAY_URL set, as a real process against a real gateway and against one that never answers.</summary>
    [Collection(PushgatewayCollection.Name)]
    public sealed class CliPushgatewayTests : IDisposable
    {
        private readonly PushgatewayFixture _gateway;
        private readonly CliSandbox _sandbox = new CliSandbox();

        public CliPushgatewayTests(PushgatewayFixture gateway) => _gateway = gateway;

        private static readonly string[] Record = { "record", "--model", "claude-sonnet-4-5", "--provider", "anthropic", "--input-tokens", "300", "--output-tokens", "40", "--duration-ms", "900", "--agent", "cli-push", "--cost-usd", "0.03", "--json" };

        [Fact]
        public async Task Record_with_LLM_PUSHGATEWAY_URL_pushes_the_store_totals_and_with_a_silent_gateway_warns_on_stderr_and_keeps_the_call()
        {
            string job = "llmt-cli-" + Guid.NewGuid().ToString("N").Substring(0, 12);
            var env = new Dictionary<string, string> { ["LLM_PUSHGATEWAY_URL"] = _gateway.Url.ToString(), ["LLM_PUSHGATEWAY_JOB"] = job, ["LLM_PUSHGATEWAY_TIMEOUT_MS"] = "20000" };
            var args = Record.Concat(new[] { "--dir", _sandbox.Store }).ToArray();
            _sandbox.Run(args, env).Ok();
            var first = _sandbox.Run(args, env).Ok();
            Assert.Equal("", first.Stderr.Trim());
            var samples = Exposition.Parse(await _gateway.MetricsAsync()).Where(s => s.Label("job") == job).ToList();
            Assert.Equal(2, samples.Single(s => s.Name == "llm_calls_total" && s.Label("agent") == "cli-push").Value);
            string instance = samples.First().Label("instance");
            await _gateway.DeleteAsync(new Uri(_gateway.Url, $"/metrics/job/{job}/instance/{instance}").ToString());

            var silent = new TcpListener(IPAddress.Loopback, 0);
            silent.Start();
            try
            {
                string url = $"http://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";
                var result = _sandbox.Run(args, new Dictionary<string, string> { ["LLM_PUSHGATEWAY_URL"] = url }).Ok();
                Assert.Contains("warning: ", result.Stderr, StringComparison.Ordinal);
                Assert.Contains(url, result.Stderr, StringComparison.Ordinal);
                string id = result.Json.GetProperty("id").GetString()!;
                var listed = _sandbox.Run("events", "--dir", _sandbox.Store, "--json").Ok();
                Assert.Contains(id, listed.Stdout, StringComparison.Ordinal);
            }
            finally
            {
                silent.Stop();
            }
        }

        public void Dispose() => _sandbox.Dispose();
    }
}
