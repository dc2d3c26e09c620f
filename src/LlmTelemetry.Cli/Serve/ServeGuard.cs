using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using LlmTelemetry.Records;
using Microsoft.AspNetCore.Http;

namespace LlmTelemetry.Cli.Serve
{
    /// <summary>
    /// What every request passes before an endpoint sees it: the Host header (DNS rebinding: a page on another name
    /// that resolves to 127.0.0.1 sends its own name), the token (bearer header or the cookie the page's first load
    /// sets), and for DELETE the same origin. Also turns a core error into the API's JSON error.
    /// </summary>
    internal sealed class ServeGuard
    {
        public const string CookieName = "llmt_token";

        private readonly ServeToken _token;
        private volatile HashSet<string> _hosts = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

        public ServeGuard(ServeToken token) => _token = token;

        /// <summary>The Host values this server answers to, known once Kestrel has its port (before the URL is printed).</summary>
        public void Allow(IEnumerable<string> hosts) => _hosts = new HashSet<string>(hosts, StringComparer.OrdinalIgnoreCase);

        public async Task Invoke(HttpContext ctx, RequestDelegate next)
        {
            var response = ctx.Response;
            response.Headers.XContentTypeOptions = "nosniff";
            response.Headers.CacheControl = "no-store";
            response.Headers["Referrer-Policy"] = "no-referrer";
            string host = ctx.Request.Host.Value ?? "";
            if (!_hosts.Contains(host))
            {
                await TelemetryApi.Error(ctx, StatusCodes.Status421MisdirectedRequest, "this server answers only to " + string.Join(", ", _hosts), "Host");
                return;
            }
            var path = ctx.Request.Path;
            if (path == "/" && ctx.Request.Query.TryGetValue("token", out var given))
            {
                if (!_token.Matches(given.ToString()))
                {
                    await TelemetryApi.Error(ctx, StatusCodes.Status401Unauthorized, "wrong token: open the URL llm-telemetry serve printed", "token");
                    return;
                }
                // The cookie carries the token from here on; the redirect takes it out of the address bar and history.
                response.Cookies.Append(CookieName, _token.Value, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/", IsEssential = true });
                response.Redirect("/");
                return;
            }
            bool api = path.StartsWithSegments("/api");
            if ((api || path == "/") && !Authorized(ctx.Request))
            {
                await TelemetryApi.Error(ctx, StatusCodes.Status401Unauthorized,
                    "a token is required: Authorization: Bearer <token>, or open the URL llm-telemetry serve printed", "token");
                return;
            }
            if (HttpMethods.IsDelete(ctx.Request.Method) && CrossOrigin(ctx.Request, host) is string why)
            {
                await TelemetryApi.Error(ctx, StatusCodes.Status403Forbidden, why, "Origin");
                return;
            }
            try
            {
                await next(ctx);
            }
            catch (TelemetryValidationException ex) when (!response.HasStarted)
            {
                await TelemetryApi.Error(ctx, StatusCodes.Status400BadRequest, ex.Message, ex.Field);
            }
            catch (OperationCanceledException) when (ctx.RequestAborted.IsCancellationRequested)
            {
                // The client went away mid-answer: nobody is left to tell.
            }
            catch (Exception ex) when (!response.HasStarted)
            {
                // The store's errors (and any other: a bug must not become an empty 500) go to the client and to stderr.
                Output.Human.Error("error: " + ctx.Request.Method + " " + path + ": " + ex.Message);
                await TelemetryApi.Error(ctx, StatusCodes.Status500InternalServerError, ex.Message, null);
            }
        }

        private bool Authorized(HttpRequest request)
        {
            string auth = request.Headers.Authorization.ToString();
            if (auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return _token.Matches(auth.Substring(7).Trim());
            return _token.Matches(request.Cookies[CookieName]);
        }

        /// <summary>Why a DELETE is refused as cross-origin, or null. A browser names the page's origin; curl sends neither header.</summary>
        private static string? CrossOrigin(HttpRequest request, string host)
        {
            string origin = request.Headers.Origin.ToString();
            if (origin.Length > 0 && !string.Equals(origin, "http://" + host, StringComparison.OrdinalIgnoreCase))
                return "DELETE must come from this server's own page (Origin " + origin + " is another site)";
            string site = request.Headers["Sec-Fetch-Site"].ToString();
            if (site.Length > 0 && site != "same-origin" && site != "none")
                return "DELETE must come from this server's own page (Sec-Fetch-Site: " + site + ")";
            return null;
        }
    }
}
