using System;
using System.Collections.Generic;
using System.CommandLine;
using LlmTelemetry.Cli.Output;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Cli
{
    /// <summary>Runs a command's action with the CLI's exit-code contract: 0 ok, 1 failure at run time, 2 bad arguments.</summary>
    internal static class CommandRunner
    {
        public const int Ok = 0;
        public const int Failure = 1;
        public const int BadArguments = 2;

        public static void SetAction(Command command, Func<ParseResult, int> action)
            => command.SetAction(parse => Run(() => action(parse)));

        public static int Run(Func<int> action)
        {
            try
            {
                return action();
            }
            catch (TelemetryValidationException ex)
            {
                Human.Error($"error: invalid {OptionName(ex.Field)}: {Problem(ex)}");
                return BadArguments;
            }
            catch (TelemetryException ex)
            {
                Human.Error("error: " + ex.Message);
                return Failure;
            }
            catch (Exception ex) when (ex is System.IO.IOException || ex is UnauthorizedAccessException)
            {
                // The core names paths in its own errors; this keeps any file error that escapes it a message, not a crash.
                Human.Error("error: " + ex.Message);
                return Failure;
            }
        }

        /// <summary>The command-line spelling of a core field name ("tokens.input" is given as --input-tokens).</summary>
        private static string OptionName(string field)
        {
            // A core check told the option's own spelling (budget set's "--period") passes it through as it is.
            if (field.StartsWith("--", StringComparison.Ordinal)) return field;
            switch (field)
            {
                case "max_cost_usd": return "--max-cost";
                case "tokens.input": return "--input-tokens";
                case "tokens.output": return "--output-tokens";
                case "tokens.cache_creation_input": return "--cache-creation-input-tokens";
                case "tokens.cache_creation_1h_input": return "--cache-creation-1h-input-tokens";
                case "tokens.cache_read_input": return "--cache-read-input-tokens";
                case "tokens.reasoning": return "--reasoning-tokens";
                // The total and a priced cost come from several options at once; name them all, not a --tokens.total.
                case "tokens.total": case "tokens": return "--input-tokens/--output-tokens/--cache-creation-input-tokens/--cache-read-input-tokens";
                case "Directory": return "--dir";
                case "OlderThan": return "--older-than";
                case "agent_name": return "--agent";
                case "session_id": return "--session";
                case "user_id": return "--user";
                case "period": case "source": case "file": case "name": case "stdin": case "transcript_path": return field;
                // Settings read from config.json are named as they are spelt there.
                default:
                    if (field.StartsWith("status.", StringComparison.Ordinal)) return "config.json " + field;
                    // The statusLine hook's JSON: named by its own field names.
                    if (field.StartsWith("stdin.", StringComparison.Ordinal)) return field;
                    return "--" + field.Replace('_', '-');
            }
        }

        private static string Problem(TelemetryValidationException ex)
        {
            // "invalid days: must be at least 1 (got '0')" → "must be at least 1 (got '0')"
            var prefix = "invalid " + ex.Field + ": ";
            return ex.Message.StartsWith(prefix, StringComparison.Ordinal) ? ex.Message.Substring(prefix.Length) : ex.Message;
        }

        /// <summary>True (after printing how to get data) when the store has no records at all, raw or history.</summary>
        public static bool HintIfEmpty(TelemetryStore store, bool json)
        {
            if (!store.IsEmpty()) return false;
            string hint = $"No telemetry in {store.Root} yet. Record a call with `llm-telemetry record --model gpt-4o-mini --input-tokens 812 --output-tokens 95`, " +
                          "import your Claude Code, Codex and Gemini CLI history with `llm-telemetry import`, or try `llm-telemetry demo` to see every report filled in.";
            if (json) Human.Error(hint);
            else Human.Note(hint);
            return true;
        }

        /// <summary>
        /// Warns once, on standard error (so --json output stays as it is), when a command that lists records was asked
        /// for a range that reaches days kept only as history; the core decides which days (<see cref="ListingCoverage"/>).
        /// </summary>
        public static void WarnListing(TelemetryStore store, RecordQuery query)
        {
            if (ListingCoverage.Of(store, query).Notice is string notice)
                Human.Error("warning: " + notice + "; `costs` and `stats` include them, listings do not");
        }

        /// <summary>Warns once, on standard error, naming the history days a text search or an id filter could not be asked of.</summary>
        public static void WarnNotSearched(IReadOnlyList<DateTime> days)
        {
            if (HistoryNotices.NotSearched(days) is string text) Human.Error("warning: " + text);
        }

        /// <summary>
        /// Checks the budgets after something was recorded (a call, an import): each threshold crossed for the first
        /// time is a warning on standard error, and its hook runs. A budget problem never fails what already happened.
        /// </summary>
        public static void CheckBudgets(TelemetryStore store)
            => new Budgets.BudgetMonitor(store).CheckAlertsAfter(line => Human.Error("warning: " + line));

        /// <summary>Tells a person when lines were unreadable (JSON output carries the count instead).</summary>
        public static void ReportSkipped(long skipped, bool json)
        {
            if (skipped > 0 && !json) Human.Warn($"{skipped:N0} unreadable line(s) were skipped.");
        }
    }
}
