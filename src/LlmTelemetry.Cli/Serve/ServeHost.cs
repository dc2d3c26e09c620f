using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Text.Json;
using System.Threading.Tasks;
using LlmTelemetry.Exporters;
using LlmTelemetry.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LlmTelemetry.Cli.Serve
{
    /// <summary>
    /// The server: Kestrel on one address, the guard, the API and the live page. Runs until SIGINT or SIGTERM (the
    /// host's console lifetime), then returns. Logging is off: a request log would carry the token of the first load.
    /// </summary>
    internal static class ServeHost
    {
        public static async Task<int> RunAsync(TelemetryStore store, IPAddress bind, int port, bool json, bool open)
        {
            var token = new ServeToken();
            var guard = new ServeGuard(token);
            var api = new TelemetryApi(store);

            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = Array.Empty<string>() });
            builder.Logging.ClearProviders();
            builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
            builder.WebHost.ConfigureKestrel(k =>
            {
                k.AddServerHeader = false;
                k.Listen(bind, port);
            });
            var app = builder.Build();
            app.Use(guard.Invoke);
            app.MapGet("/", ctx => Page(ctx));
            app.MapGet("/api/telemetry/events", api.Events);
            app.MapDelete("/api/telemetry/events", api.Delete);
            app.MapGet("/api/telemetry/stats", api.Stats);
            app.MapGet("/api/telemetry/export", api.Export);
            app.MapGet("/api/telemetry/costs", api.Costs);
            app.MapGet("/api/telemetry/performance", api.Performance);
            app.MapGet("/api/telemetry/patterns", api.Patterns);
            app.MapGet("/api/telemetry/report", api.Report);
            app.MapFallback(ctx => TelemetryApi.Error(ctx, StatusCodes.Status404NotFound, "no such endpoint: " + ctx.Request.Method + " " + ctx.Request.Path, null));

            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
            int bound = new Uri(address).Port;
            guard.Allow(Hosts(bind, bound));
            string shownHost = bind.Equals(IPAddress.Any) || bind.Equals(IPAddress.IPv6Any) ? "127.0.0.1" : HostText(bind);
            string url = "http://" + shownHost + ":" + bound + "/?token=" + token.Value;
            // The one line a script reads; the token is shown nowhere else.
            if (json) Console.Out.WriteLine(JsonSerializer.Serialize(new ServeStartLine(url, bound, token.Value), ServeJsonContext.Relaxed.ServeStartLine));
            else Console.Out.WriteLine(url);
            Console.Out.Flush();
            if (open) BrowserOpener.Open(url);
            await app.WaitForShutdownAsync();
            return CommandRunner.Ok;
        }

        /// <summary>The Host headers a request may carry: the loopback names and the bound address, with the port.</summary>
        private static IEnumerable<string> Hosts(IPAddress bind, int port)
        {
            string p = ":" + port;
            var hosts = new List<string> { "127.0.0.1" + p, "localhost" + p, "[::1]" + p };
            if (!IPAddress.IsLoopback(bind)) hosts.Add(HostText(bind) + p);
            return hosts;
        }

        private static string HostText(IPAddress address)
            => address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? "[" + address + "]" : address.ToString();

        private static Task Page(HttpContext ctx)
        {
            ctx.Response.ContentType = "text/html; charset=utf-8";
            ctx.Features.GetRequiredFeature<IHttpBodyControlFeature>().AllowSynchronousIO = true;
            HtmlReportWriter.WriteLive(ctx.Response.Body);
            return Task.CompletedTask;
        }
    }
}
