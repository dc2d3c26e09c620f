using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Xunit;

namespace LlmTelemetry.Cli.Tests.Serve
{
    /// <summary>
    /// A real `llm-telemetry serve` process on a sandbox's store: started, its one stdout line read (the URL with the
    /// token), stopped with SIGTERM. <see cref="Client"/> carries the bearer token; <see cref="Anonymous"/> carries none.
    /// </summary>
    public sealed class ServeProcess : IDisposable
    {
        private readonly Process _process;
        private readonly StringBuilder _stderr = new();

        public ServeProcess(CliSandbox sandbox, params string[] extra)
        {
            var args = new List<string> { "serve", "--dir", sandbox.Store, "--json" };
            args.AddRange(extra);
            _process = Process.Start(sandbox.Start(args))!;
            _process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_stderr) _stderr.AppendLine(e.Data); };
            _process.BeginErrorReadLine();
            // The first line is the contract: read it as the server prints it (waiting on the line, not a sleep).
            var line = _process.StandardOutput.ReadLineAsync();
            if (!line.Wait(TimeSpan.FromSeconds(60)) || line.Result is null)
            {
                _process.Kill(true);
                throw new InvalidOperationException("serve printed no URL; stderr:\n" + Stderr);
            }
            FirstLine = line.Result;
            using var doc = JsonDocument.Parse(FirstLine);
            Url = doc.RootElement.GetProperty("url").GetString()!;
            Port = doc.RootElement.GetProperty("port").GetInt32();
            Token = doc.RootElement.GetProperty("token").GetString()!;
            Base = new Uri("http://127.0.0.1:" + Port + "/");
            Client = new HttpClient { BaseAddress = Base };
            Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Token);
            Anonymous = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = Base };
        }

        public string FirstLine { get; }
        public string Url { get; }
        public int Port { get; }
        public string Token { get; }
        public Uri Base { get; }
        public HttpClient Client { get; }
        public HttpClient Anonymous { get; }

        public string Stderr { get { lock (_stderr) return _stderr.ToString(); } }

        public async Task<JsonElement> GetJson(string path)
        {
            using var response = await Client.GetAsync(path);
            string body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {path}: {(int)response.StatusCode} {body}");
            Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType);
            return JsonDocument.Parse(body).RootElement.Clone();
        }

        /// <summary>Sends SIGTERM (what a service manager sends) and returns the exit code.</summary>
        public int Stop()
        {
            if (!_process.HasExited)
            {
                Assert.Equal(0, kill(_process.Id, 15));
                if (!_process.WaitForExit(30_000))
                {
                    _process.Kill(true);
                    throw new TimeoutException("serve did not exit within 30 s of SIGTERM; stderr:\n" + Stderr);
                }
            }
            _process.WaitForExit();
            return _process.ExitCode;
        }

        [DllImport("libc", SetLastError = true)]
        private static extern int kill(int pid, int signal);

        public void Dispose()
        {
            Client.Dispose();
            Anonymous.Dispose();
            if (!_process.HasExited) Stop();
            _process.Dispose();
        }
    }
}
