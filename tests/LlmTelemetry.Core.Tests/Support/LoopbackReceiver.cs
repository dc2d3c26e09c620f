using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace LlmTelemetry.Tests.Support
{
    /// <summary>One request a <see cref="LoopbackReceiver"/> took: method, path, content type and body.</summary>
    public sealed record ReceivedRequest(string Method, string Path, string? ContentType, string Body);

    /// <summary>
    /// An HTTP server on a free 127.0.0.1 port, in the test process: it keeps every request and answers each with the
    /// next status of its script (then 200). Bounded: at most <see cref="MaxRequests"/> requests are kept.
    /// </summary>
    public sealed class LoopbackReceiver : IDisposable
    {
        public const int MaxRequests = 1000;
        private readonly HttpListener _listener = new HttpListener();
        private readonly ConcurrentQueue<int> _statuses;
        private readonly List<ReceivedRequest> _requests = new List<ReceivedRequest>();
        private readonly Task _loop;
        private readonly SemaphoreSlim _arrived = new SemaphoreSlim(0);

        public LoopbackReceiver(params int[] statuses)
        {
            _statuses = new ConcurrentQueue<int>(statuses);
            for (int attempt = 0; ; attempt++)
            {
                var probe = new TcpListener(IPAddress.Loopback, 0);
                probe.Start();
                int port = ((IPEndPoint)probe.LocalEndpoint).Port;
                probe.Stop();
                Url = new Uri($"http://127.0.0.1:{port}/");
                _listener.Prefixes.Clear();
                _listener.Prefixes.Add(Url.ToString());
                try
                {
                    _listener.Start();
                    break;
                }
                catch (HttpListenerException) when (attempt < 5)
                {
                    // the port was taken between the probe and the start: another one
                }
            }
            _loop = Task.Run(Serve);
        }

        public Uri Url { get; }

        public IReadOnlyList<ReceivedRequest> Requests
        {
            get { lock (_requests) return _requests.ToArray(); }
        }

        /// <summary>Waits (bounded) until <paramref name="count"/> requests have arrived.</summary>
        public bool WaitFor(int count, TimeSpan timeout)
        {
            var deadline = DateTime.UtcNow + timeout;
            while (Requests.Count < count)
            {
                var left = deadline - DateTime.UtcNow;
                if (left <= TimeSpan.Zero || !_arrived.Wait(left)) return Requests.Count >= count;
            }
            return true;
        }

        private async Task Serve()
        {
            while (_listener.IsListening)
            {
                HttpListenerContext context;
                try
                {
                    context = await _listener.GetContextAsync().ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is HttpListenerException || ex is ObjectDisposedException || ex is InvalidOperationException)
                {
                    return; // stopped
                }
                string body;
                using (var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8)) body = await reader.ReadToEndAsync().ConfigureAwait(false);
                lock (_requests)
                    if (_requests.Count < MaxRequests) _requests.Add(new ReceivedRequest(context.Request.HttpMethod, context.Request.Url!.AbsolutePath, context.Request.ContentType, body));
                int status = _statuses.TryDequeue(out var s) ? s : 200;
                context.Response.StatusCode = status;
                byte[] answer = Encoding.UTF8.GetBytes(status == 200 ? "{}" : "{\"code\":" + status + ",\"message\":\"refused by the test\"}");
                context.Response.ContentType = "application/json";
                await context.Response.OutputStream.WriteAsync(answer, 0, answer.Length).ConfigureAwait(false);
                context.Response.Close();
                _arrived.Release();
            }
        }

        public void Dispose()
        {
            _listener.Stop();
            _listener.Close();
            _loop.Wait(TimeSpan.FromSeconds(5));
            _arrived.Dispose();
        }
    }
}
