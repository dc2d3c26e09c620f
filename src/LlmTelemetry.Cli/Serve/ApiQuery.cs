using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;
using Microsoft.AspNetCore.Http;

namespace LlmTelemetry.Cli.Serve
{
    /// <summary>
    /// One request's query string bound to the core's request types with the CLI's rules (<see cref="CliOptions"/>):
    /// the same range resolution, the same filter spelling (repeat or comma-separate), the same errors. Every problem is
    /// a <see cref="TelemetryValidationException"/> naming the parameter, which the API answers with 400.
    /// </summary>
    internal sealed class ApiQuery
    {
        /// <summary>The filter parameters and the RecordFilter field each sets; the CLI's options under the seed's names.</summary>
        internal static readonly string[] FilterNames = { "event_types", "model", "provider", "agent", "operation", "project", "session", "user", "host", "search", "failed" };

        /// <summary>The filters that may be repeated (each value also comma-separated), as their CLI options may.</summary>
        private static readonly string[] Repeatable = { "event_types", "model", "provider", "agent", "operation", "project", "session", "user", "host" };

        /// <summary>The range parameters: the seed's start_date/end_date, or the CLI's since/until, plus days and timezone.</summary>
        internal static readonly string[] RangeNames = { "start_date", "end_date", "since", "until", "days", "timezone" };

        private readonly IQueryCollection _query;

        public ApiQuery(IQueryCollection query, params string[][] allowed)
        {
            _query = query;
            var known = new HashSet<string>(allowed.SelectMany(a => a), StringComparer.Ordinal);
            foreach (var key in query.Keys)
            {
                // A misspelt parameter would otherwise be ignored and answer a different question than asked.
                if (!known.Contains(key))
                    throw new TelemetryValidationException(key, null, "unknown parameter; this endpoint takes " + string.Join(", ", known.OrderBy(k => k, StringComparer.Ordinal)));
                if (query[key].Count > 1 && Array.IndexOf(Repeatable, key) < 0)
                    throw new TelemetryValidationException(key, null, "given more than once");
            }
        }

        public string? Text(string name)
        {
            var values = _query[name];
            return values.Count == 0 ? null : values[0];
        }

        public bool Flag(string name)
        {
            var text = Text(name);
            switch (text?.Trim().ToLowerInvariant())
            {
                case null: case "false": case "0": return false;
                case "": case "true": case "1": return true;
                default: throw new TelemetryValidationException(name, text, "expected true or false");
            }
        }

        public int Int(string name, int fallback, int min, int max)
        {
            var text = Text(name);
            if (text is null) return fallback;
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int value) || value < min || value > max)
                throw new TelemetryValidationException(name, text, $"expected a whole number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}");
            return value;
        }

        public DateTime Date(string name) => DateRange.ParseDate(Text(name) ?? throw new TelemetryValidationException(name, null, "required (YYYY-MM-DD)"), name);

        /// <summary>
        /// The records asked for, over local days (all time when no range is given: the dashboard's first view). The
        /// seed's start_date/end_date and the CLI's since/until are the same bounds under two names; both at once is an error.
        /// </summary>
        public RecordQuery Records()
        {
            string startName = Pick("start_date", "since"), endName = Pick("end_date", "until");
            var zone = TimeZones.Find(Text("timezone"), "timezone");
            string? start = Text(startName), end = Text(endName);
            var range = new RangeInput
            {
                Days = Text("days") is null ? null : Int("days", 0, 1, 100_000),
                Start = start is null ? null : DateRange.ParseDate(start, startName),
                End = end is null ? null : DateRange.ParseDate(end, endName),
            };
            var names = new RangeParameters("days", startName, endName, "the " + endName + " date", "period");
            return RecordQuery.Create(range, RangeDefault.AllTime, Filter(), zone, names);
        }

        private string Pick(string seed, string cli)
        {
            if (Text(seed) is not null && Text(cli) is not null)
                throw new TelemetryValidationException(cli, Text(cli), $"give {seed} or {cli}, not both");
            return Text(cli) is not null ? cli : seed;
        }

        private RecordFilter Filter() => new RecordFilter
        {
            EventTypes = Values("event_types"),
            Models = Values("model"),
            Providers = Values("provider"),
            Agents = Values("agent"),
            Operations = Values("operation"),
            Projects = Values("project"),
            Sessions = Values("session"),
            Users = Values("user"),
            Hosts = Values("host"),
            Search = string.IsNullOrEmpty(Text("search")) ? null : Text("search"),
            Success = Flag("failed") ? false : null,
        };

        private IReadOnlyList<string>? Values(string name) => CliOptions.Values(_query[name].ToArray());
    }
}
