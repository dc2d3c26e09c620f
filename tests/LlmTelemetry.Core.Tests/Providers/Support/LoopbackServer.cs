using System;
using System.Collections.Generic;
using System.IO;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace LlmTelemetry.Tests.Providers.Support
{
    internal sealed record RecordedRequest(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body)
    {
        public string? Header(string name) => Headers.TryGetValue(name.ToLowerInvariant(), out var v) ? v : null;
    }

    internal delegate Task Responder(RecordedRequest request, ResponseWriter response, CancellationToken serverStopping);

    /// <summary>
    /// A real HTTP/1.1 server on 127.0.0.1 and an ephemeral port. The n-th request gets the n-th responder (the last one repeats);
    /// past <see cref="RequestLimit"/> it answers 503 so a runaway retry loop stays bounded.
    /// </summary>
    internal sealed class LoopbackServer : IAsyncDisposable
    {
        public const int MaxRequests = 10;

        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Responder[] _responders;
        private readonly List<RecordedRequest> _requests = new List<RecordedRequest>();
        private readonly List<Task> _handlers = new List<Task>();
        private readonly Task _loop;

        public LoopbackServer(params Responder[] responders)
        {
            if (responders.Length == 0) throw new ArgumentException("at least one responder", nameof(responders));
            _responders = responders;
            _listener = new TcpListener(IPAddress.Loopback, 0);
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _loop = Task.Run(AcceptLoopAsync);
        }

        /// <summary>How many requests are answered before the 503s; raised by tests that make many calls on purpose.</summary>
        public int RequestLimit { get; init; } = MaxRequests;

        public int Port { get; }
        public Uri BaseUri => new Uri($"http://127.0.0.1:{Port}/");

        public IReadOnlyList<RecordedRequest> Requests
        {
            get { lock (_requests) return _requests.ToArray(); }
        }

        private async Task AcceptLoopAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception)
                {
                    return;
                }
                lock (_handlers) _handlers.Add(Task.Run(() => HandleAsync(client)));
            }
        }

        private async Task HandleAsync(TcpClient client)
        {
            using (client)
            {
                client.NoDelay = true;
                var stream = client.GetStream();
                try
                {
                    var request = await ReadRequestAsync(stream, _stop.Token);
                    if (request is null) return;
                    int index;
                    lock (_requests)
                    {
                        _requests.Add(request);
                        index = _requests.Count - 1;
                    }
                    var writer = new ResponseWriter(stream);
                    if (index >= RequestLimit)
                    {
                        await writer.WriteAsync(503, "{\"error\":\"test server request limit\"}");
                        return;
                    }
                    await _responders[Math.Min(index, _responders.Length - 1)](request, writer, _stop.Token);
                }
                catch (Exception ex) when (ex is IOException || ex is OperationCanceledException || ex is SocketException || ex is ObjectDisposedException)
                {
                    // The client went away (a timeout or cancellation under test) or the server is stopping.
                }
            }
        }

        private static async Task<RecordedRequest?> ReadRequestAsync(NetworkStream stream, CancellationToken token)
        {
            var buffer = new MemoryStream();
            var chunk = new byte[8192];
            int headerEnd = -1;
            while (headerEnd < 0)
            {
                int n = await stream.ReadAsync(chunk, token);
                if (n == 0) return null;
                buffer.Write(chunk, 0, n);
                headerEnd = IndexOf(buffer.GetBuffer(), (int)buffer.Length, "\r\n\r\n"u8);
            }
            byte[] all = buffer.ToArray();
            string head = Encoding.ASCII.GetString(all, 0, headerEnd);
            var lines = head.Split("\r\n");
            var requestLine = lines[0].Split(' ');
            var headers = new Dictionary<string, string>();
            for (int i = 1; i < lines.Length; i++)
            {
                int colon = lines[i].IndexOf(':');
                if (colon > 0) headers[lines[i].Substring(0, colon).Trim().ToLowerInvariant()] = lines[i].Substring(colon + 1).Trim();
            }
            int length = headers.TryGetValue("content-length", out var cl) ? int.Parse(cl) : 0;
            var body = new MemoryStream();
            body.Write(all, headerEnd + 4, all.Length - headerEnd - 4);
            while (body.Length < length)
            {
                int n = await stream.ReadAsync(chunk, token);
                if (n == 0) break;
                body.Write(chunk, 0, n);
            }
            return new RecordedRequest(requestLine[0], requestLine[1], headers, Encoding.UTF8.GetString(body.ToArray()));
        }

        private static int IndexOf(byte[] data, int length, ReadOnlySpan<byte> pattern)
            => data.AsSpan(0, length).IndexOf(pattern);

        public async ValueTask DisposeAsync()
        {
            _stop.Cancel();
            _listener.Stop();
            Task[] handlers;
            lock (_handlers) handlers = _handlers.ToArray();
            await Task.WhenAny(Task.WhenAll(handlers).ContinueWith(_ => { }), Task.Delay(2000));
            await Task.WhenAny(_loop, Task.Delay(2000));
            _stop.Dispose();
        }
    }

    internal sealed class ResponseWriter
    {
        private readonly Stream _stream;

        public ResponseWriter(Stream stream) => _stream = stream;

        public async Task WriteAsync(int status, string body, string contentType = "application/json", IDictionary<string, string>? headers = null)
        {
            byte[] bytes = Encoding.UTF8.GetBytes(body);
            var head = new StringBuilder();
            head.Append("HTTP/1.1 ").Append(status).Append(' ').Append(Reason(status)).Append("\r\n");
            head.Append("Content-Type: ").Append(contentType).Append("\r\n");
            head.Append("Content-Length: ").Append(bytes.Length).Append("\r\n");
            head.Append("Connection: close\r\n");
            if (headers is not null) foreach (var h in headers) head.Append(h.Key).Append(": ").Append(h.Value).Append("\r\n");
            head.Append("\r\n");
            await _stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
            await _stream.WriteAsync(bytes);
            await _stream.FlushAsync();
        }

        /// <summary>Headers of a body that ends when the connection closes (no length), as streamed answers come.</summary>
        public async Task StartStreamAsync(int status = 200, string contentType = "text/event-stream", IDictionary<string, string>? headers = null)
        {
            var head = new StringBuilder();
            head.Append("HTTP/1.1 ").Append(status).Append(' ').Append(Reason(status)).Append("\r\n");
            head.Append("Content-Type: ").Append(contentType).Append("\r\n");
            head.Append("Connection: close\r\n");
            if (headers is not null) foreach (var h in headers) head.Append(h.Key).Append(": ").Append(h.Value).Append("\r\n");
            head.Append("\r\n");
            await _stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()));
            await _stream.FlushAsync();
        }

        public async Task WriteChunkAsync(string text)
        {
            await _stream.WriteAsync(Encoding.UTF8.GetBytes(text));
            await _stream.FlushAsync();
        }

        private static string Reason(int status) => status switch
        {
            200 => "OK",
            400 => "Bad Request",
            401 => "Unauthorized",
            404 => "Not Found",
            429 => "Too Many Requests",
            500 => "Internal Server Error",
            503 => "Service Unavailable",
            529 => "Overloaded",
            _ => "Status",
        };
    }
}
