using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LlmTelemetry.Exporters.Shipping;
using LlmTelemetry.Providers;
using LlmTelemetry.Records;

namespace LlmTelemetry.Exporters.Otlp
{
    /// <summary>
    /// `send otlp`: OTLP/HTTP with the JSON encoding to an OpenTelemetry collector. Each record is a log record at its
    /// own time (POST &lt;url&gt;/v1/logs); each batch's calls are the two GenAI client metrics as delta histograms
    /// (POST &lt;url&gt;/v1/metrics, see <see cref="OtlpMetrics"/>). A collector cannot drop a batch sent twice, so a
    /// re-send is a second copy there: llm.id on every log record lets a backend keep one.
    /// </summary>
    internal sealed class OtlpSink : IShipSink
    {
        public const string SinkName = "otlp";
        private const string JsonType = "application/json";

        private readonly ShipHttp _http;
        private readonly Uri _logs;
        private readonly Uri _metrics;
        private readonly Func<DateTimeOffset> _clock;

        /// <param name="url">The collector's OTLP/HTTP base URL (http://host:4318); /v1/logs and /v1/metrics are added to its path.</param>
        /// <param name="parameter">How an error names the URL's parameter (--url, -Otlp).</param>
        public OtlpSink(Uri url, string parameter = "url", RetryOptions? retry = null, TimeSpan? timeout = null, HttpClient? http = null,
            Func<DateTimeOffset>? clock = null, int batchSize = 500)
        {
            if (url is null) throw new ArgumentNullException(nameof(url));
            if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
                throw new TelemetryValidationException(parameter, ShipHttp.Shown(url), "expected the collector's http or https OTLP/HTTP URL, such as http://127.0.0.1:4318");
            if (url.Query.Length > 0 || url.Fragment.Length > 0)
                throw new TelemetryValidationException(parameter, ShipHttp.Shown(url), "must not have a query or fragment: /v1/logs and /v1/metrics are added to it");
            if (batchSize < 1) throw new ArgumentOutOfRangeException(nameof(batchSize), batchSize, "must be at least 1");
            _logs = Under(url, OtlpNames.LogsPath);
            _metrics = Under(url, OtlpNames.MetricsPath);
            Target = ShipHttp.Shown(url);
            BatchSize = batchSize;
            _clock = clock ?? (() => DateTimeOffset.UtcNow);
            _http = new ShipHttp(SinkName, retry, timeout, http);
        }

        public string Name => SinkName;
        public string Target { get; }
        public int BatchSize { get; }

        /// <summary>No: see <see cref="SendRollupDayAsync"/>.</summary>
        public bool AcceptsRollups => false;

        /// <summary>The collector has no health endpoint of OTLP's own: an empty logs request is accepted (200) by every receiver.</summary>
        public Task PrepareAsync(CancellationToken cancellationToken)
            => _http.SendAsync(() => Post(_logs, Json(w =>
            {
                w.WriteStartObject();
                w.WriteStartArray("resourceLogs");
                w.WriteEndArray();
                w.WriteEndObject();
            })), cancellationToken);

        public async Task SendRecordsAsync(IReadOnlyList<TelemetryRecord> batch, CancellationToken cancellationToken)
        {
            if (batch is null) throw new ArgumentNullException(nameof(batch));
            if (batch.Count == 0) return;
            // host.name is a resource attribute: one resource per host, in the order the hosts first appear.
            var byHost = batch.GroupBy(r => r.Metadata?.Host, StringComparer.Ordinal).ToList();
            byte[] logs = Json(w => OtlpLogs.Write(w, byHost, _clock()));
            await _http.SendAsync(() => Post(_logs, logs), cancellationToken).ConfigureAwait(false);
            // Events other than calls (session_start, tool_call) are logs only: no metric counts them.
            if (!batch.Any(r => r.IsLlmCall)) return;
            byte[] metrics = Json(w => OtlpMetrics.Write(w, byHost));
            await _http.SendAsync(() => Post(_metrics, metrics), cancellationToken).ConfigureAwait(false);
        }

        /// <summary>
        /// Skipped: a history day's rollup holds sums per 15-minute cell and 5% latency buckets, not the calls, so it can
        /// give neither a log record per call nor the GenAI buckets exactly (token usage has no distribution there at all).
        /// </summary>
        public Task<bool> SendRollupDayAsync(DateTime utcDay, IReadOnlyList<ShipRollupRow> cells, CancellationToken cancellationToken)
            => Task.FromResult(false);

        private static Uri Under(Uri url, string path)
        {
            var builder = new UriBuilder(url);
            builder.Path = builder.Path.TrimEnd('/') + "/" + path;
            return builder.Uri;
        }

        private static HttpRequestMessage Post(Uri url, byte[] body)
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue(JsonType);
            return new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        }

        private static byte[] Json(Action<Utf8JsonWriter> write)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer)) write(writer);
            return buffer.ToArray();
        }

        public void Dispose() => _http.Dispose();
    }
}
