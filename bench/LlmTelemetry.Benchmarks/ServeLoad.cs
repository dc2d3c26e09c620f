using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text.Json;
using System.Threading.Tasks;

namespace LlmTelemetry.Benchmarks
{
    /// <summary>
    /// `serve-load &lt;llm-telemetry&gt; &lt;store&gt; [clients] [requests]`: starts the real `llm-telemetry serve` on the store,
    /// has N concurrent clients send M requests each (a mix of the API's endpoints, loopback only), and prints the
    /// errors and the latency percentiles. A figure for the notes, never a test: timings are not asserted anywhere.
    /// </summary>
    public static class ServeLoad
    {
        /// <summary>What a dashboard asks: mostly pages of events and the cards, with the reports now and then.</summary>
        /// <remarks>
        /// Ranges inside the generated dataset (BenchDataset: 180 days up to 2026-11-22). All-time stats and costs over
        /// the whole million are timed alone in the warm-up and left out of the mix: each is a scan of seconds, not a page.
        /// </remarks>
        private static readonly string[] Mix =
        {
            "api/telemetry/events?limit=100",
            "api/telemetry/events?limit=100&offset=5000",
            "api/telemetry/stats?start_date=2026-11-16&end_date=2026-11-22",
            "api/telemetry/events?limit=100&model=gpt-4o-mini",
            "api/telemetry/costs?start_date=2026-10-24&end_date=2026-11-22&by=model",
            "api/telemetry/stats?start_date=2026-11-22&end_date=2026-11-22",
            "api/telemetry/performance?start_date=2026-11-16&end_date=2026-11-22",
            "api/telemetry/patterns?start_date=2026-11-16&end_date=2026-11-22",
            "api/telemetry/events?limit=100&start_date=2026-11-01&end_date=2026-11-10",
            "api/telemetry/costs?start_date=2026-11-16&end_date=2026-11-22&by=day",
        };

        private static readonly string[] AloneOnly = { "api/telemetry/stats", "api/telemetry/costs?by=day" };

        public static int Run(string cli, string store, int clients, int requests)
        {
            var start = new ProcessStartInfo(cli) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "serve", "--dir", store, "--json" }) start.ArgumentList.Add(a);
            using var process = Process.Start(start)!;
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) Console.Error.WriteLine("serve: " + e.Data); };
            process.BeginErrorReadLine();
            var line = process.StandardOutput.ReadLine() ?? throw new InvalidOperationException("serve printed nothing");
            using var doc = JsonDocument.Parse(line);
            int port = doc.RootElement.GetProperty("port").GetInt32();
            string token = doc.RootElement.GetProperty("token").GetString()!;
            using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients }) { BaseAddress = new Uri("http://127.0.0.1:" + port + "/"), Timeout = TimeSpan.FromMinutes(5) };
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

            // One pass first: what a cold start costs is not what 50 clients see afterwards.
            foreach (var path in Mix.Concat(AloneOnly))
            {
                var one = Stopwatch.StartNew();
                http.GetAsync(path).GetAwaiter().GetResult().EnsureSuccessStatusCode();
                Console.WriteLine($"warm-up, alone: {path}: {one.Elapsed.TotalMilliseconds:F0} ms");
            }
            if (requests == 0) return Stop(process, 0);

            var latencies = new ConcurrentBag<(string Path, double Ms)>();
            var errors = new ConcurrentBag<string>();
            var wall = Stopwatch.StartNew();
            Task.WaitAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
            {
                for (int i = 0; i < requests; i++)
                {
                    string path = Mix[(c * 7 + i) % Mix.Length];
                    var sw = Stopwatch.StartNew();
                    try
                    {
                        using var response = await http.GetAsync(path);
                        var body = await response.Content.ReadAsByteArrayAsync();
                        sw.Stop();
                        if (response.StatusCode != HttpStatusCode.OK) errors.Add(path + ": " + (int)response.StatusCode);
                        else JsonDocument.Parse(body).Dispose();
                    }
                    catch (Exception ex) when (ex is HttpRequestException || ex is JsonException || ex is TaskCanceledException)
                    {
                        errors.Add(path + ": " + ex.Message);
                    }
                    latencies.Add((path, sw.Elapsed.TotalMilliseconds));
                }
            })).ToArray());
            wall.Stop();

            var all = latencies.Select(l => l.Ms).OrderBy(v => v).ToArray();
            Console.WriteLine($"{clients} clients x {requests} requests = {all.Length:N0} in {wall.Elapsed.TotalSeconds:F1} s ({all.Length / wall.Elapsed.TotalSeconds:F0} req/s), errors: {errors.Count}");
            Console.WriteLine($"all: p50 {Pct(all, 0.50):F1} ms, p99 {Pct(all, 0.99):F1} ms, max {all[^1]:F1} ms");
            foreach (var group in latencies.GroupBy(l => l.Path).OrderBy(g => g.Key, StringComparer.Ordinal))
            {
                var v = group.Select(g => g.Ms).OrderBy(x => x).ToArray();
                Console.WriteLine($"  {group.Key}: n {v.Length}, p50 {Pct(v, 0.50):F1} ms, p99 {Pct(v, 0.99):F1} ms");
            }
            foreach (var e in errors.Take(10)) Console.WriteLine("error: " + e);

            return Stop(process, errors.Count);
        }

        private static int Stop(Process process, int errors)
        {
            kill(process.Id, 15);
            process.WaitForExit();
            Console.WriteLine("serve exit code after SIGTERM: " + process.ExitCode);
            return errors == 0 && process.ExitCode == 0 ? 0 : 1;
        }

        private static double Pct(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

        [DllImport("libc", SetLastError = true)]
        private static extern int kill(int pid, int signal);
    }
}
