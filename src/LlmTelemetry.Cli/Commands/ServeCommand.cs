using System.CommandLine;
using System.Globalization;
using System.Net;
using LlmTelemetry.Cli.Output;
using LlmTelemetry.Cli.Serve;
using LlmTelemetry.Records;

namespace LlmTelemetry.Cli.Commands
{
    /// <summary>`serve`: the store over HTTP on loopback (the seed's viewer API and the live dashboard), until stopped.</summary>
    internal static class ServeCommand
    {
        private static readonly Option<int> Port = new("--port") { Description = "TCP port (default 0: one the system picks, shown in the printed URL)", DefaultValueFactory = _ => 0 };
        private static readonly Option<string> Bind = new("--bind") { Description = "Address to listen on (default 127.0.0.1; anything else is reachable from other machines)", DefaultValueFactory = _ => "127.0.0.1" };
        private static readonly Option<bool> Open = new("--open") { Description = "Open the dashboard in the default browser" };

        public static Command Create()
        {
            var command = new Command("serve", "Serve the store's API and a live dashboard on 127.0.0.1 until Ctrl+C (prints the URL with its access token)");
            command.Options.Add(Port);
            command.Options.Add(Bind);
            command.Options.Add(Open);
            CommandRunner.SetAction(command, Run);
            return command;
        }

        private static int Run(ParseResult parse)
        {
            int port = parse.GetValue(Port);
            if (port < 0 || port > 65535) throw new TelemetryValidationException("port", port.ToString(CultureInfo.InvariantCulture), "expected 0 to 65535");
            string bindText = parse.GetValue(Bind) ?? "127.0.0.1";
            IPAddress bind;
            if (bindText == "localhost") bind = IPAddress.Loopback;
            else if (!IPAddress.TryParse(bindText.Trim('[', ']'), out bind!))
                throw new TelemetryValidationException("bind", bindText, "expected an IP address such as 127.0.0.1 or ::1");
            if (!IPAddress.IsLoopback(bind))
                Human.Error($"warning: listening on {bindText}: other machines can reach this server (the token is still required)");
            using var store = CliOptions.OpenStore(parse);
            try
            {
                return ServeHost.RunAsync(store, bind, port, parse.GetValue(CliOptions.Json), parse.GetValue(Open)).GetAwaiter().GetResult();
            }
            catch (System.IO.IOException ex)
            {
                // Kestrel's "address already in use" and its kin: say which address.
                throw new TelemetryException(TelemetryErrorCode.ConfigurationError, $"cannot listen on {bindText}:{port}: {ex.Message}");
            }
        }
    }
}
