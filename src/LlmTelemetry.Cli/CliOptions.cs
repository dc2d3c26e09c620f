using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Linq;
using LlmTelemetry.Configuration;
using LlmTelemetry.Queries;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Cli
{
    /// <summary>
    /// The options every command shares (--dir, --json), the range options (--days/--since/--until/--timezone)
    /// and the filters. Binding them to core requests happens here once, so each command stays a few lines.
    /// </summary>
    internal static class CliOptions
    {
        public static readonly Option<string?> Dir = new("--dir") { Description = "Store root (default: LLM_TELEMETRY_DIR, the config file, or the per-user data folder)", Recursive = true };
        public static readonly Option<bool> Json = new("--json") { Description = "Machine-readable JSON output", Recursive = true };

        public static readonly Option<int?> Days = new("--days") { Description = "The last N local days, today included" };
        public static readonly Option<string?> Since = new("--since") { Description = "First local date (YYYY-MM-DD), inclusive" };
        public static readonly Option<string?> Until = new("--until") { Description = "Last local date (YYYY-MM-DD), inclusive; default today; alone: everything up to it" };
        public static readonly Option<string?> TimeZone = new("--timezone") { Description = "IANA time zone for day boundaries (default: this machine's)" };

        public static readonly Option<string[]> Model = Multi("--model", "Model name (wildcards * ?)");
        public static readonly Option<string[]> Provider = Multi("--provider", "Provider (wildcards)");
        public static readonly Option<string[]> Agent = Multi("--agent", "Agent name (wildcards)");
        public static readonly Option<string[]> Operation = Multi("--operation", "Operation (wildcards)");
        public static readonly Option<string[]> Project = Multi("--project", "Project (wildcards)");
        public static readonly Option<string[]> Session = Multi("--session", "Session id (wildcards)");
        public static readonly Option<string[]> User = Multi("--user", "User (wildcards)");
        public static readonly Option<string[]> EventType = Multi("--event-type", "Event type (wildcards; SessionStart and session_start are one)");
        public static readonly Option<string[]> Host = Multi("--host", "Machine that recorded the call (wildcards)");
        public static readonly Option<string?> Search = new("--search") { Description = "Case-insensitive text anywhere in the record" };
        public static readonly Option<bool> Failed = new("--failed") { Description = "Only failed calls" };

        private static Option<string[]> Multi(string name, string description) => new(name)
        {
            Description = description + "; repeat or comma-separate for several",
            AllowMultipleArgumentsPerToken = false,
        };

        public static void AddRange(Command command, bool withTimeZone = true)
        {
            command.Options.Add(Days);
            command.Options.Add(Since);
            command.Options.Add(Until);
            if (withTimeZone) command.Options.Add(TimeZone);
        }

        public static void AddFilters(Command command)
        {
            foreach (var o in new Option[] { Model, Provider, Agent, Operation, Project, Session, User, EventType, Host, Search, Failed })
                command.Options.Add(o);
        }

        /// <summary>
        /// The store --dir names, else the configured one. Its warnings (a failed automatic maintenance, a Pushgateway
        /// push given up) go to standard error, so --json output stays as it is.
        /// </summary>
        public static TelemetryStore OpenStore(ParseResult parse)
        {
            var store = new TelemetryStore(new StoreOptions { Root = parse.GetValue(Dir) });
            store.Warning += line => Output.Human.Error("warning: " + line);
            return store;
        }

        public static TimeZoneInfo Zone(ParseResult parse) => TimeZones.Find(parse.GetValue(TimeZone), "timezone");

        /// <summary>How errors name the range options: --days, --since, --until, the period argument.</summary>
        private static readonly RangeParameters RangeNames = new RangeParameters("days", "since", "until", "the --until date", "period");

        /// <summary>
        /// The range options, the filters and --timezone bound into one core query; the range rules (defaults, the
        /// period words, an end without a start) are the core's (<see cref="QueryRange"/>).
        /// </summary>
        public static RecordQuery Query(ParseResult parse, RangeDefault fallback, string? period = null)
        {
            var zone = Zone(parse);
            string? since = parse.GetValue(Since), until = parse.GetValue(Until);
            var range = new RangeInput
            {
                Days = parse.GetValue(Days),
                Start = since is null ? null : DateRange.ParseDate(since, "since"),
                End = until is null ? null : DateRange.ParseDate(until, "until"),
                Period = period,
            };
            return RecordQuery.Create(range, fallback, Filter(parse), zone, RangeNames);
        }

        private static RecordFilter Filter(ParseResult parse)
        {
            return new RecordFilter
            {
                Models = List(parse, Model),
                Providers = List(parse, Provider),
                Agents = List(parse, Agent),
                Operations = List(parse, Operation),
                Projects = List(parse, Project),
                Sessions = List(parse, Session),
                Users = List(parse, User),
                EventTypes = List(parse, EventType),
                Hosts = List(parse, Host),
                Search = parse.GetValue(Search),
                Success = parse.GetValue(Failed) ? false : null,
            };
        }

        private static IReadOnlyList<string>? List(ParseResult parse, Option<string[]> option) => Values(parse.GetValue(option));

        /// <summary>A repeatable filter's values, each also comma-separated (the CLI's options and serve's query parameters).</summary>
        internal static IReadOnlyList<string>? Values(IEnumerable<string?>? values)
        {
            var given = values?.Where(v => v is not null).ToList();
            if (given is null || given.Count == 0) return null;
            return given.SelectMany(v => v!.Split(',')).Select(v => v.Trim()).Where(v => v.Length > 0).ToList();
        }
    }
}
