using System;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Text;
using LlmTelemetry.Cli.Output;
using LlmTelemetry.Configuration;
using LlmTelemetry.Exporters;
using LlmTelemetry.Importers;
using LlmTelemetry.Records;
using LlmTelemetry.Status;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Cli.Commands
{
    /// <summary>
    /// `statusline`: one line for a shell prompt or Claude Code's statusLine hook. Given the hook's JSON on stdin, it
    /// first imports that session's transcript from its checkpoint, so the call that just finished is counted.
    /// </summary>
    internal static class StatusLineCommand
    {
        private static readonly Option<bool> NoColor = new("--no-color") { Description = "Plain text, no ANSI colours (NO_COLOR set does the same)" };
        private static readonly Option<bool> NoImport = new("--no-import") { Description = "Do not import the hook's transcript first" };
        private static readonly Option<string?> SessionOption = new("--session") { Description = "The session to show (default: LLM_SESSION_ID, else the hook's session_id)" };
        private static readonly Option<double?> YellowAt = new("--yellow-at") { Description = "Session cost in USD from which the line is yellow (default: config status.yellow_usd, else 1)" };
        private static readonly Option<double?> RedAt = new("--red-at") { Description = "Session cost in USD above which the line is red (default: config status.red_usd, else 5)" };

        public static Command Create()
        {
            var command = new Command("statusline", "One status line: the session's tokens, today's cost, the session's cost (reads Claude Code's statusLine JSON on stdin)");
            foreach (var o in new Option[] { SessionOption, NoColor, NoImport, YellowAt, RedAt, CliOptions.TimeZone }) command.Options.Add(o);
            CommandRunner.SetAction(command, Run);
            return command;
        }

        private static int Run(ParseResult parse)
        {
            bool json = parse.GetValue(CliOptions.Json);
            var input = StatusLineInput.Parse(ReadHookInput());
            using var store = CliOptions.OpenStore(parse);
            ImportResult? imported = null;
            if (input.TranscriptPath is string transcript && !parse.GetValue(NoImport))
                imported = ImportTranscript(store, transcript);

            var config = UserConfig.Load(store.Settings.ConfigFile).Status ?? new StatusConfig();
            var saved = config.Thresholds();
            var thresholds = new StatusThresholds
            {
                YellowUsd = parse.GetValue(YellowAt) ?? saved.YellowUsd,
                RedUsd = parse.GetValue(RedAt) ?? saved.RedUsd,
            }.Validate("yellow_at", "red_at");
            var status = StatusCalculator.Compute(store, new StatusRequest
            {
                SessionId = parse.GetValue(SessionOption) ?? SessionIdentity.FromEnvironment(input.SessionId),
                Zone = CliOptions.Zone(parse),
                Thresholds = thresholds,
            });

            // Thresholds crossed for the first time, in any process, since the last check: a line each under the status
            // (Claude Code shows every line a statusLine command prints), and the hooks run.
            // A damaged alert state must not take the status line with it: that problem is a line of its own.
            var alerts = new List<string>();
            new Budgets.BudgetMonitor(store, CliOptions.Zone(parse)).CheckAlertsAfter(alerts.Add, status.Budgets);

            if (json) WriteJson(status, imported, alerts);
            else
            {
                bool color = !parse.GetValue(NoColor) && StatusColors.Allowed();
                var line = status.Line(color ? config.PaletteOrDefault() : null);
                // Written as is: the line is ours (numbers and fixed words) and its colours are SGR codes the config
                // can only give as digits, so nothing from a log reaches the terminal unescaped.
                Console.Out.Write(line + "\n");
                foreach (var alert in alerts) Console.Out.Write(TerminalText.Escape("⚠ " + alert) + "\n");
                Console.Out.Flush();
            }
            return CommandRunner.Ok;
        }

        /// <summary>
        /// Claude Code pipes its JSON and closes the pipe; a shell prompt runs the command with the terminal on stdin. A
        /// pipe that stays open with nothing in it (a CI runner's stdin) must not hang a prompt: after
        /// <see cref="InputWait"/> without the end of input, the line is made without it.
        /// </summary>
        private static string? ReadHookInput()
        {
            if (!Console.IsInputRedirected) return null;
            var reading = System.Threading.Tasks.Task.Run(() =>
            {
                using var reader = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false));
                return reader.ReadToEnd();
            });
            if (reading.Wait(InputWait)) return reading.Result;
            Human.Error("warning: no end of input on stdin after " + InputWait.TotalSeconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture) + " s; showing the line without Claude Code's statusLine JSON");
            return null;
        }

        private static readonly TimeSpan InputWait = TimeSpan.FromSeconds(2);

        /// <summary>
        /// A transcript that is not there yet (a session before its first reply) is nothing to import; any other failure
        /// is said on standard error, and the line is still printed from what the store holds.
        /// </summary>
        private static ImportResult? ImportTranscript(TelemetryStore store, string transcript)
        {
            if (!File.Exists(transcript)) return null;
            try
            {
                return TelemetryImporter.ImportSession(store, transcript, new ImportOptions { Pricer = CliServices.PricingWhenNeeded });
            }
            catch (TelemetryException ex)
            {
                Human.Error("warning: could not import " + transcript + ": " + ex.Message);
                return null;
            }
        }

        private static void WriteJson(TelemetryStatus status, ImportResult? imported, List<string> alerts)
        {
            JsonOut.Write(w =>
            {
                w.WriteStartObject();
                w.WriteString("line", status.ToString());
                w.WriteString("level", JsonOut.Token(status.Level));
                JsonOut.StringOrNull(w, "session_id", status.SessionId);
                w.WriteNumber("session_calls", status.SessionCalls);
                w.WriteNumber("session_tokens", status.SessionTokens);
                w.WriteNumber("session_cost_usd", status.SessionCostUsd);
                w.WriteString("today", status.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                w.WriteNumber("today_calls", status.TodayCalls);
                w.WriteNumber("today_tokens", status.TodayTokens);
                w.WriteNumber("today_cost_usd", status.TodayCostUsd);
                w.WriteNumber("today_unpriced_calls", status.TodayUnpricedCalls);
                if (status.ActiveBlock is { } block)
                {
                    // The same object as one of `blocks --json`'s.
                    w.WritePropertyName("block");
                    BlocksCommand.Block(w, block);
                }
                else w.WriteNull("block");
                // As `budget list --json` lists them.
                w.WriteStartArray("budgets");
                foreach (var budget in status.Budgets) BudgetCommand.WriteStatus(w, budget);
                w.WriteEndArray();
                w.WriteStartArray("alerts");
                foreach (var alert in alerts) w.WriteStringValue(alert);
                w.WriteEndArray();
                if (imported is null) w.WriteNull("imported");
                else
                {
                    w.WriteStartObject("imported");
                    w.WriteNumber("added", imported.Added);
                    w.WriteNumber("corrected", imported.Corrected);
                    w.WriteNumber("duplicates", imported.Duplicates);
                    w.WriteNumber("malformed", imported.Malformed);
                    w.WriteEndObject();
                }
                w.WriteEndObject();
            });
        }
    }
}
