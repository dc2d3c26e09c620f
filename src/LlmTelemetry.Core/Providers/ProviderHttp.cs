using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace LlmTelemetry.Providers
{
    /// <summary>The HTTP plumbing both protocols share: sending, mapping failures to <see cref="ProviderException"/>, reading bodies under cancellation.</summary>
    internal static class ProviderHttp
    {
        private const int MaxErrorText = 600;

        public static Uri Endpoint(Uri baseUri, string relative)
        {
            string text = baseUri.AbsoluteUri;
            if (!text.EndsWith("/", StringComparison.Ordinal)) text += "/";
            return new Uri(new Uri(text), relative);
        }

        public static HttpContent JsonContent(byte[] body)
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            return content;
        }

        public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage message, bool stream,
            string provider, string? key, CancellationToken cancellationToken)
        {
            try
            {
                // Non-streaming bodies are read inside SendAsync, where the token is honoured; streams are read by the caller.
                var completion = stream ? HttpCompletionOption.ResponseHeadersRead : HttpCompletionOption.ResponseContentRead;
                return await http.SendAsync(message, completion, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            catch (OperationCanceledException ex)
            {
                // An injected HttpClient's own Timeout fired.
                throw new ProviderException(provider, ProviderErrorKind.Timeout,
                    $"{provider} did not answer within the HTTP client's timeout", isRetryable: true, inner: ex);
            }
            catch (Exception ex) when (ex is HttpRequestException || ex is IOException)
            {
                throw new ProviderException(provider, ProviderErrorKind.Network,
                    SecretScrubber.Scrub($"could not reach {provider} at {message.RequestUri}: {Innermost(ex).Message}", key),
                    isRetryable: true, inner: ex);
            }
        }

        /// <summary>Reads the whole body; a cancellation disposes the response so the read ends promptly.</summary>
        public static async Task<string> ReadBodyAsync(HttpResponseMessage response, string provider, CancellationToken cancellationToken)
        {
            try
            {
                using (cancellationToken.Register(response.Dispose))
                    return await response.Content.ReadAsStringAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (cancellationToken.IsCancellationRequested && !(ex is OperationCanceledException))
            {
                throw new OperationCanceledException(cancellationToken);
            }
            catch (Exception ex) when (ex is HttpRequestException || ex is IOException)
            {
                throw new ProviderException(provider, ProviderErrorKind.Network, $"the connection to {provider} broke while reading its answer: {Innermost(ex).Message}", isRetryable: true, inner: ex);
            }
        }

        /// <summary>Throws a <see cref="ProviderException"/> carrying the status, the provider's error text and any Retry-After.</summary>
        public static async Task EnsureSuccessAsync(HttpResponseMessage response, string provider, string? key, CancellationToken cancellationToken)
        {
            if (response.IsSuccessStatusCode) return;
            int status = (int)response.StatusCode;
            string body;
            try
            {
                body = await ReadBodyAsync(response, provider, cancellationToken).ConfigureAwait(false);
            }
            catch (ProviderException)
            {
                body = "";
            }
            string? errorText = ErrorText(body);
            errorText = errorText is null ? null : SecretScrubber.Scrub(errorText, key);
            var retryAfter = RetryPolicy.ParseRetryAfter(response, DateTimeOffset.UtcNow);
            string reason = string.IsNullOrEmpty(response.ReasonPhrase) ? "" : " " + response.ReasonPhrase;
            string message = $"{provider} returned HTTP {status.ToString(CultureInfo.InvariantCulture)}{reason}" + (errorText is null ? "" : ": " + errorText);
            throw new ProviderException(provider, ProviderErrorKind.Http, SecretScrubber.Scrub(message, key), status, errorText,
                RetryPolicy.IsRetryableStatus(status), retryAfter);
        }

        /// <summary>"type: message" from Anthropic's and OpenAI's error bodies, else the start of the body.</summary>
        internal static string? ErrorText(string body)
        {
            if (string.IsNullOrWhiteSpace(body)) return null;
            try
            {
                using var doc = JsonDocument.Parse(body);
                if (TryErrorObject(doc.RootElement, out string? text)) return text;
            }
            catch (JsonException)
            {
            }
            string trimmed = body.Trim();
            return trimmed.Length <= MaxErrorText ? trimmed : trimmed.Substring(0, MaxErrorText) + "…";
        }

        /// <summary>Reads an error object ({"error":{"type","message"}} or {"error":"text"}); false when there is none.</summary>
        internal static bool TryErrorObject(JsonElement root, out string? text)
        {
            text = null;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("error", out var error)) return false;
            if (error.ValueKind == JsonValueKind.String) { text = error.GetString(); return true; }
            if (error.ValueKind != JsonValueKind.Object) return false;
            string? type = Json.String(error, "type") ?? Json.String(error, "code");
            string? message = Json.String(error, "message");
            text = type is null ? message ?? error.GetRawText() : message is null ? type : type + ": " + message;
            if (text.Length > MaxErrorText) text = text.Substring(0, MaxErrorText) + "…";
            return true;
        }

        public static JsonDocument ParseJson(string body, string provider)
        {
            try
            {
                // OpenRouter sends keep-alive whitespace before the JSON; the parser skips it.
                return JsonDocument.Parse(body);
            }
            catch (JsonException ex)
            {
                throw Malformed(provider, "is not valid JSON (" + ex.Message + ")", body);
            }
        }

        public static ProviderException Malformed(string provider, string problem, string? body = null)
        {
            string start = body is null ? "" : Preview(body);
            return new ProviderException(provider, ProviderErrorKind.InvalidResponse,
                $"{provider} returned a response that {problem}" + (start.Length == 0 ? "" : $"; it begins: {start}"));
        }

        public static string? Header(HttpResponseMessage response, string name)
            => response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

        public static StreamReader StreamReader(Stream stream) => new StreamReader(stream, new UTF8Encoding(false), false, 8192);

        /// <summary>
        /// Reads a streamed response's server-sent events, handing each to <paramref name="onEvent"/> until it returns false
        /// or the stream ends. A broken stream becomes a retryable Network <see cref="ProviderException"/> naming
        /// <paramref name="provider"/>; the caller's cancellation (which disposes the response) an OperationCanceledException.
        /// </summary>
        public static async Task ReadEventsAsync(HttpResponseMessage response, string provider, Func<SseEvent, bool> onEvent, CancellationToken cancellationToken)
        {
            try
            {
                using (cancellationToken.Register(response.Dispose))
                using (var stream = await response.Content.ReadAsStreamAsync().ConfigureAwait(false))
                using (var reader = StreamReader(stream))
                {
                    var sse = new SseReader(reader);
                    SseEvent? e;
                    while ((e = await sse.ReadAsync().ConfigureAwait(false)) is not null)
                    {
                        if (!onEvent(e)) break;
                    }
                }
            }
            catch (Exception ex) when (cancellationToken.IsCancellationRequested && !(ex is OperationCanceledException))
            {
                throw new OperationCanceledException(cancellationToken);
            }
            catch (Exception ex) when (ex is IOException || ex is HttpRequestException || ex is ObjectDisposedException)
            {
                throw new ProviderException(provider, ProviderErrorKind.Network, $"the stream from {provider} broke: {ex.Message}", isRetryable: true, inner: ex);
            }
        }

        private static string Preview(string body)
        {
            string t = body.Trim();
            return t.Length <= 120 ? t : t.Substring(0, 120) + "…";
        }

        private static Exception Innermost(Exception ex)
        {
            while (ex.InnerException is not null) ex = ex.InnerException;
            return ex;
        }
    }
}
