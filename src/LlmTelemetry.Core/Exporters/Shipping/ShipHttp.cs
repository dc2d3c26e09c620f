using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using LlmTelemetry.Providers;

namespace LlmTelemetry.Exporters.Shipping
{
    /// <summary>
    /// The HTTP every sink posts through: one attempt per <see cref="RetryOptions"/> attempt, backoff with jitter on
    /// 408/409/429/5xx and connection failures (a Retry-After honoured), a timeout per attempt, and errors that name
    /// the sink, the method and the URL without its credentials. Credentials travel only in headers.
    /// </summary>
    internal sealed class ShipHttp : IDisposable
    {
        private readonly HttpClient _http;
        private readonly bool _ownsClient;
        private readonly Func<HttpResponseMessage, string, bool>? _isPermanent;

        /// <param name="isPermanent">Tells a failure that a retry cannot mend among the statuses otherwise retried (an
        /// engine that answers bad data with a 500, as ClickHouse 18.16 does); given the response and its body.</param>
        public ShipHttp(string sink, RetryOptions? retry = null, TimeSpan? timeout = null, HttpClient? http = null,
            Func<HttpResponseMessage, string, bool>? isPermanent = null)
        {
            _isPermanent = isPermanent;
            Sink = sink;
            Retry = retry ?? RetryOptions.Default;
            Timeout = timeout ?? TimeSpan.FromSeconds(30);
            _ownsClient = http is null;
            _http = http ?? new HttpClient { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
        }

        public string Sink { get; }
        public RetryOptions Retry { get; }
        public TimeSpan Timeout { get; }

        /// <summary>Basic authentication header for a user and password (ClickHouse accepts it since 1.1).</summary>
        public static AuthenticationHeaderValue Basic(string user, string? password)
            => new AuthenticationHeaderValue("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(user + ":" + (password ?? ""))));

        /// <summary>
        /// Sends the request <paramref name="build"/> makes (called once per attempt, since a request cannot be sent
        /// twice) and returns the body of a 2xx answer. Throws <see cref="ShipException"/> once the attempts are spent
        /// or the status is not one worth retrying (4xx other than 408/409/429).
        /// </summary>
        public async Task<string> SendAsync(Func<HttpRequestMessage> build, CancellationToken cancellationToken)
        {
            var started = DateTimeOffset.UtcNow;
            for (int attempt = 1; ; attempt++)
            {
                using var request = build();
                string where = request.Method + " " + Shown(request.RequestUri);
                TimeSpan? wait;
                string problem;
                using (var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                {
                    cts.CancelAfter(Timeout);
                    try
                    {
                        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cts.Token).ConfigureAwait(false);
                        string body = response.Content is null ? "" : await response.Content.ReadAsStringAsync().ConfigureAwait(false);
                        int status = (int)response.StatusCode;
                        if (status >= 200 && status < 300) return body;
                        problem = $"HTTP {status} {response.ReasonPhrase}: {Excerpt(body)}";
                        if (!RetryPolicy.IsRetryableStatus(status) || (_isPermanent?.Invoke(response, body) ?? false))
                            throw new ShipException(Sink, $"{Sink}: {where} failed: {problem}");
                        wait = RetryPolicy.ParseRetryAfter(response, DateTimeOffset.UtcNow);
                    }
                    catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                    {
                        problem = $"no answer within {Timeout.TotalSeconds:0.###} s";
                        wait = null;
                    }
                    catch (HttpRequestException e)
                    {
                        problem = e.InnerException?.Message ?? e.Message;
                        wait = null;
                    }
                }
                var delay = wait ?? RetryPolicy.Backoff(Retry, attempt);
                if (attempt >= Retry.MaxAttempts || (wait is not null && wait > Retry.MaxRetryAfter)
                    || DateTimeOffset.UtcNow - started + delay > Retry.MaxTotalTime)
                    throw new ShipException(Sink, $"{Sink}: {where} failed after {attempt} attempt{(attempt == 1 ? "" : "s")}: {problem}");
                await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            }
        }

        /// <summary>The URL as errors show it: no user, no password, no query (a ClickHouse query can hold a password).</summary>
        public static string Shown(Uri? uri)
        {
            if (uri is null) return "";
            if (!uri.IsAbsoluteUri) return uri.OriginalString;
            return uri.GetComponents(UriComponents.SchemeAndServer | UriComponents.Path, UriFormat.UriEscaped);
        }

        private static readonly System.Text.RegularExpressions.Regex UserInfo =
            new System.Text.RegularExpressions.Regex(@"^(\s*[A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

        /// <summary>URL text as given (it may not parse) as errors and the settings report show it: a user and password before '@' taken out.</summary>
        public static string ShownText(string text)
            => Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) && url.UserInfo.Length == 0 ? text : UserInfo.Replace(text, "$1");

        private static string Excerpt(string body)
        {
            body = body.Trim();
            return body.Length <= 300 ? body : body.Substring(0, 300) + "…";
        }

        public void Dispose()
        {
            if (_ownsClient) _http.Dispose();
        }
    }
}
