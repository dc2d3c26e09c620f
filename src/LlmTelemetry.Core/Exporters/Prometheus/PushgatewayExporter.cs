using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using LlmTelemetry.Exporters.Shipping;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Exporters.Prometheus
{
    /// <summary>
    /// `send pushgateway`: PUTs the store's cumulative totals (<see cref="PushTotals"/>) to the group
    /// /metrics/job/&lt;job&gt;/instance/&lt;instance&gt;. Not an <see cref="IShipSink"/>: Prometheus counters must be
    /// cumulative, so a push is the whole store's totals, and PUT replaces the group whole; pushing again never
    /// counts twice, and needs no checkpoint.
    /// </summary>
    internal static class PushgatewayExporter
    {
        public const string SinkName = "pushgateway";

        /// <summary>Computes the totals and PUTs them; throws <see cref="ShipException"/> naming the URL when the gateway refuses or does not answer.</summary>
        public static async Task<PushgatewayResult> PushAsync(TelemetryStore store, PushgatewayOptions options, ShipAnonymizer anonymizer, CancellationToken cancellationToken)
        {
            var (series, body, url) = Prepare(store, options, anonymizer, cancellationToken);
            using var http = new ShipHttp(SinkName, options.Retry, options.Timeout, options.Http);
            var authorization = Authorization(options.Url);
            await http.SendAsync(() =>
            {
                var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = new StringContent(body, Encoding.UTF8) };
                // StringContent's own charset form; the gateway reads the version parameter to pick the text parser.
                request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(PrometheusExposition.ContentType);
                if (authorization is not null) request.Headers.Authorization = authorization;
                return request;
            }, cancellationToken).ConfigureAwait(false);
            return new PushgatewayResult(series.Count, series.Sum(s => s.Counts[PushSeries.Calls]), ShipHttp.Shown(url), null);
        }

        /// <summary>`--dry-run`: what a push would send, nothing sent.</summary>
        public static PushgatewayResult DryRun(TelemetryStore store, PushgatewayOptions options, ShipAnonymizer anonymizer, CancellationToken cancellationToken)
        {
            var (series, body, url) = Prepare(store, options, anonymizer, cancellationToken);
            return new PushgatewayResult(series.Count, series.Sum(s => s.Counts[PushSeries.Calls]), ShipHttp.Shown(url), body);
        }

        private static (IReadOnlyList<PushSeries> Series, string Body, Uri Url) Prepare(TelemetryStore store, PushgatewayOptions options, ShipAnonymizer anonymizer, CancellationToken cancellationToken)
        {
            if (store is null) throw new ArgumentNullException(nameof(store));
            if (options is null) throw new ArgumentNullException(nameof(options));
            if (anonymizer is null) throw new ArgumentNullException(nameof(anonymizer));
            var url = GroupUrl(options, anonymizer);
            var series = PushTotals.Of(store, anonymizer, cancellationToken);
            return (series, PrometheusExposition.Render(series), url);
        }

        /// <summary>The group's URL: the base URL's path, then /metrics/job/&lt;job&gt;/instance/&lt;instance&gt;, without the base's user and password.</summary>
        internal static Uri GroupUrl(PushgatewayOptions options, ShipAnonymizer anonymizer)
        {
            string job = PushgatewayOptions.CheckJob(options.Job, "job");
            string instance = anonymizer.Hash(options.Instance ?? Environment.MachineName) ?? "";
            var builder = new UriBuilder(options.Url) { UserName = "", Password = "" };
            builder.Path = builder.Path.TrimEnd('/') + "/metrics/" + Segment("job", job) + "/" + Segment("instance", instance);
            return builder.Uri;
        }

        /// <summary>
        /// One label of the grouping key as a path: "name/value" for a plain value, else "name@base64/..." (RFC 4648
        /// URL-safe alphabet), the Pushgateway's way for values with a '/', other specials, or an empty value ("=").
        /// </summary>
        internal static string Segment(string name, string value)
        {
            if (value.Length > 0 && value.All(IsPlain)) return name + "/" + value;
            if (value.Length == 0) return name + "@base64/=";
            string base64 = Convert.ToBase64String(Encoding.UTF8.GetBytes(value)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
            return name + "@base64/" + base64;
        }

        private static bool IsPlain(char c) => (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';

        /// <summary>Basic authentication from the URL's user and password, which are never put in the request line or an error.</summary>
        private static System.Net.Http.Headers.AuthenticationHeaderValue? Authorization(Uri url)
        {
            if (url.UserInfo.Length == 0) return null;
            int colon = url.UserInfo.IndexOf(':');
            string user = Uri.UnescapeDataString(colon < 0 ? url.UserInfo : url.UserInfo.Substring(0, colon));
            string? password = colon < 0 ? null : Uri.UnescapeDataString(url.UserInfo.Substring(colon + 1));
            return ShipHttp.Basic(user, password);
        }
    }
}
