using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Cli.Tests
{
    public sealed class CliChatAndReportTests
    {
        /// <summary>A loopback server answering every request with one recorded body (bounded: it serves at most 10 requests, for 60 s).</summary>
        private sealed class ReplayServer : IDisposable
        {
            private readonly HttpListener _listener = new HttpListener();
            private readonly CancellationTokenSource _stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));

            public ReplayServer(int status, string body)
            {
                int port = FreePort();
                Url = $"http://127.0.0.1:{port}/v1/";
                _listener.Prefixes.Add(Url);
                _listener.Start();
                _ = Task.Run(async () =>
                {
                    for (int served = 0; served < 10 && !_stop.IsCancellationRequested; served++)
                    {
                        HttpListenerContext context;
                        try { context = await _listener.GetContextAsync().WaitAsync(_stop.Token); }
                        catch (Exception) { return; }
                        using (var reader = new StreamReader(context.Request.InputStream)) Requests.Add(context.Request.Url!.AbsolutePath + " " + reader.ReadToEnd());
                        var bytes = Encoding.UTF8.GetBytes(body);
                        context.Response.StatusCode = status;
                        context.Response.ContentType = "application/json";
                        context.Response.OutputStream.Write(bytes);
                        context.Response.Close();
                    }
                });
            }

            public string Url { get; }
            public List<string> Requests { get; } = new List<string>();

            private static int FreePort()
            {
                var l = new TcpListener(IPAddress.Loopback, 0);
                l.Start();
                int port = ((IPEndPoint)l.LocalEndpoint).Port;
                l.Stop();
                return port;
            }

            public void Dispose()
            {
                _stop.Cancel();
                _listener.Close();
            }
        }

        [Fact]
        public void Chat_against_a_local_openai_compatible_server_prints_the_answer_and_records_the_call()
        {
            using var sandbox = new CliSandbox();
            using var server = new ReplayServer(200, File.ReadAllText(Path.Combine(RepoPaths.Fixtures, "api", "openai-chat-completion.json")));
            var json = sandbox.Run("chat", "Say hello", "--base-url", server.Url, "--model", "gpt-4o-mini", "--agent", "greeter", "--json", "--dir", sandbox.Store).Ok().Json;
            Assert.Equal("Hello! How can I assist you today?", json.GetProperty("content").GetString());
            Assert.Equal(19, json.GetProperty("input_tokens").GetInt64());
            Assert.Equal(10, json.GetProperty("output_tokens").GetInt64());
            Assert.Contains("/v1/chat/completions", server.Requests.Single());
            Assert.Contains("Say hello", server.Requests.Single());

            var stored = sandbox.Run("events", "--json", "--dir", sandbox.Store).Ok().Json.GetProperty("events").EnumerateArray().Single();
            Assert.Equal(json.GetProperty("id").GetString(), stored.GetProperty("id").GetString());
            Assert.Equal("greeter", stored.GetProperty("agent_name").GetString());
            Assert.True(stored.GetProperty("success").GetBoolean());
            Assert.StartsWith("sha256:", stored.GetProperty("prompt_hash").GetString());
            Assert.DoesNotContain("Say hello", File.ReadAllText(Directory.GetFiles(sandbox.Store, "telemetry.jsonl", SearchOption.AllDirectories).Single()));
        }

        [Fact]
        public void A_failed_chat_exits_1_with_the_providers_error_and_is_recorded_as_failed()
        {
            using var sandbox = new CliSandbox();
            using var server = new ReplayServer(401, "{\"error\":{\"message\":\"Incorrect API key provided\",\"type\":\"invalid_request_error\"}}");
            var result = sandbox.Run("chat", "hi", "--base-url", server.Url, "--model", "gpt-4o-mini", "--dir", sandbox.Store);
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("Incorrect API key provided", result.Stderr);
            Assert.Single(server.Requests); // 401 is never retried
            var stored = sandbox.Run("events", "--json", "--dir", sandbox.Store).Ok().Json.GetProperty("events").EnumerateArray().Single();
            Assert.False(stored.GetProperty("success").GetBoolean());
        }

        [Fact]
        public void A_missing_key_names_the_variable()
        {
            using var sandbox = new CliSandbox();
            var result = sandbox.Run(new[] { "chat", "hi", "--model", "claude-haiku-4-5", "--dir", sandbox.Store }, new Dictionary<string, string> { ["ANTHROPIC_API_KEY"] = "" });
            Assert.Equal(1, result.ExitCode);
            Assert.Contains("ANTHROPIC_API_KEY", result.Stderr);
        }

        [Fact]
        public void Report_writes_one_self_contained_page_with_the_cost_totals()
        {
            using var sandbox = new CliSandbox();
            sandbox.Run("demo", "--days", "5", "--per-day", "40", "--dir", sandbox.Store, "--json").Ok();
            var page = Path.Combine(sandbox.Root, "report.html");
            var json = sandbox.Run("report", "--days", "30", "--out", page, "--json", "--dir", sandbox.Store).Ok().Json;
            var costs = sandbox.Run("costs", "--days", "30", "--json", "--dir", sandbox.Store).Ok().Json;
            Assert.Equal(costs.GetProperty("totals").GetProperty("calls").GetInt64(), json.GetProperty("totals").GetProperty("calls").GetInt64());
            Assert.Equal(costs.GetProperty("totals").GetProperty("cost_usd").GetDouble(), json.GetProperty("totals").GetProperty("cost_usd").GetDouble(), 9);
            var html = File.ReadAllText(page);
            Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("http://", html.Replace("http://www.w3.org/2000/svg", ""));
            Assert.DoesNotContain("https://", html);
        }
    }
}
