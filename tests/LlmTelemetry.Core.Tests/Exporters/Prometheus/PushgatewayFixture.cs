using System;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace LlmTelemetry.Tests.Exporters.Prometheus
{
    /// <summary>
    /// A real Pushgateway on loopback: the one .ci/run started (LLMT_PUSHGATEWAY_URL), else Debian's
    /// /usr/bin/prometheus-pushgateway started here on a free 127.0.0.1 port, in memory (no persistence file), and
    /// killed on dispose. Each test pushes under a job of its own and deletes its group at the end.
    /// </summary>
    public sealed class PushgatewayFixture : IDisposable
    {
        public const string Binary = "/usr/bin/prometheus-pushgateway";
        private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(20);
        private readonly Process? _process;

        public PushgatewayFixture()
        {
            Http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            if (Environment.GetEnvironmentVariable("LLMT_PUSHGATEWAY_URL") is { Length: > 0 } given)
            {
                Url = new Uri(given.TrimEnd('/'));
                return;
            }
            if (!File.Exists(Binary))
                throw new InvalidOperationException($"{Binary} is missing: install it with `apt-get install -y --no-install-recommends prometheus-pushgateway`, or set LLMT_PUSHGATEWAY_URL to a running Pushgateway");
            int port = FreePort();
            Url = new Uri($"http://127.0.0.1:{port}");
            var start = new ProcessStartInfo(Binary, $"--web.listen-address=127.0.0.1:{port} --persistence.file= --log.level=warn")
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            _process = Process.Start(start) ?? throw new InvalidOperationException($"{Binary} did not start");
            _process.OutputDataReceived += (_, _) => { };
            _process.ErrorDataReceived += (_, _) => { };
            _process.BeginOutputReadLine();
            _process.BeginErrorReadLine();
            WaitReady();
        }

        public Uri Url { get; }
        public HttpClient Http { get; }

        private void WaitReady()
        {
            var deadline = DateTime.UtcNow + StartDeadline;
            while (DateTime.UtcNow < deadline)
            {
                if (_process!.HasExited) throw new InvalidOperationException($"{Binary} exited with code {_process.ExitCode} before it was ready");
                try
                {
                    using var answer = Http.GetAsync(new Uri(Url, "/-/ready")).GetAwaiter().GetResult();
                    if (answer.IsSuccessStatusCode) return;
                }
                catch (HttpRequestException)
                {
                    // not listening yet
                }
                _process.WaitForExit(50); // a poll interval that also notices an early exit
            }
            throw new TimeoutException($"{Binary} was not ready at {Url} within {StartDeadline.TotalSeconds} s");
        }

        private static int FreePort()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            int port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return port;
        }

        public async Task<string> MetricsAsync()
        {
            using var answer = await Http.GetAsync(new Uri(Url, "/metrics"));
            answer.EnsureSuccessStatusCode();
            return await answer.Content.ReadAsStringAsync();
        }

        /// <summary>Deletes a group (its URL as the exporter built it).</summary>
        public async Task DeleteAsync(string groupUrl)
        {
            using var answer = await Http.DeleteAsync(groupUrl);
            answer.EnsureSuccessStatusCode();
        }

        public void Dispose()
        {
            Http.Dispose();
            if (_process is null) return;
            try
            {
                if (!_process.HasExited) _process.Kill();
                _process.WaitForExit(5000);
            }
            catch (InvalidOperationException)
            {
                // already gone
            }
            _process.Dispose();
        }
    }

    [CollectionDefinition(Name)]
    public sealed class PushgatewayCollection : ICollectionFixture<PushgatewayFixture>
    {
        public const string Name = "pushgateway";
    }
}
