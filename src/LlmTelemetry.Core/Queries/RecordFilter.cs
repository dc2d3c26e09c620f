using System;
using System.Collections.Generic;
using System.Linq;
using LlmTelemetry.Records;

namespace LlmTelemetry.Queries
{
    /// <summary>
    /// Which records a query wants besides their time (the range is <see cref="RecordQuery.Range"/>'s). Name filters
    /// take wildcards and match case-insensitively; several values for one field mean "any of them".
    /// </summary>
    public sealed record RecordFilter
    {
        public static readonly RecordFilter All = new RecordFilter();

        public IReadOnlyList<string>? Models { get; init; }
        public IReadOnlyList<string>? Providers { get; init; }
        public IReadOnlyList<string>? Agents { get; init; }
        public IReadOnlyList<string>? Operations { get; init; }
        public IReadOnlyList<string>? Projects { get; init; }
        public IReadOnlyList<string>? Sessions { get; init; }
        public IReadOnlyList<string>? Users { get; init; }
        public IReadOnlyList<string>? Hosts { get; init; }
        /// <summary>Any spelling (SessionStart, session_start, Session*); held in the canonical form records are stored in.</summary>
        public IReadOnlyList<string>? EventTypes
        {
            get => _eventTypes;
            init => _eventTypes = value?.Where(v => v is not null).Select(Records.EventTypes.Normalize).ToArray();
        }

        private readonly IReadOnlyList<string>? _eventTypes;
        public IReadOnlyList<string>? Ids { get; init; }

        /// <summary>true = only successful, false = only failed, null = both.</summary>
        public bool? Success { get; init; }

        /// <summary>Case-insensitive text searched for anywhere in the record's JSON line.</summary>
        public string? Search { get; init; }

        /// <summary>True when no field restricts the records.</summary>
        public bool MatchesEverything =>
            IsEmpty(Models) && IsEmpty(Providers) && IsEmpty(Agents) && IsEmpty(Operations) && IsEmpty(Projects)
            && IsEmpty(Sessions) && IsEmpty(Users) && IsEmpty(Hosts) && IsEmpty(EventTypes) && IsEmpty(Ids)
            && Success is null && string.IsNullOrEmpty(Search);

        private static bool IsEmpty(IReadOnlyList<string>? list) => list is null || list.Count == 0;
    }

    /// <summary>A <see cref="RecordFilter"/> with its patterns compiled, and a UTC time range [Since, Until); thread-safe.</summary>
    internal sealed class CompiledFilter
    {
        private readonly WildcardPattern[]? _models, _providers, _agents, _operations, _projects, _sessions, _users, _hosts, _eventTypes;
        private readonly HashSet<string>? _ids;
        private readonly bool? _success;

        internal CompiledFilter(RecordFilter filter, DateTimeOffset? since, DateTimeOffset? until)
        {
            Filter = filter;
            Since = since?.ToUniversalTime();
            Until = until?.ToUniversalTime();
            _models = Compile(filter.Models);
            _providers = Compile(filter.Providers);
            _agents = Compile(filter.Agents);
            _operations = Compile(filter.Operations);
            _projects = Compile(filter.Projects);
            _sessions = Compile(filter.Sessions);
            _users = Compile(filter.Users);
            _hosts = Compile(filter.Hosts);
            _eventTypes = Compile(filter.EventTypes);
            _ids = filter.Ids is { Count: > 0 } ids ? new HashSet<string>(ids, StringComparer.Ordinal) : null;
            _success = filter.Success;
            Search = string.IsNullOrEmpty(filter.Search) ? null : filter.Search;
        }

        public RecordFilter Filter { get; }
        public DateTimeOffset? Since { get; }
        public DateTimeOffset? Until { get; }

        /// <summary>Non-null when the raw line must contain this text (checked before parsing).</summary>
        public string? Search { get; }

        public bool InRange(DateTimeOffset timestamp)
            => (Since is null || timestamp >= Since.Value) && (Until is null || timestamp < Until.Value);

        /// <summary>Does the UTC day [day, day+1) overlap the range? Decides which day folders are opened.</summary>
        public bool Overlaps(DateTime utcDay)
        {
            var dayStart = new DateTimeOffset(utcDay.Date, TimeSpan.Zero);
            return (Since is null || dayStart.AddDays(1) > Since.Value) && (Until is null || dayStart < Until.Value);
        }

        /// <summary>Is the whole UTC day inside the range?</summary>
        public bool Covers(DateTime utcDay)
        {
            var dayStart = new DateTimeOffset(utcDay.Date, TimeSpan.Zero);
            return (Since is null || dayStart >= Since.Value) && (Until is null || dayStart.AddDays(1) <= Until.Value);
        }

        public bool Matches(TelemetryRecord r)
        {
            if (!InRange(r.Timestamp)) return false;
            if (_ids is not null && !_ids.Contains(r.Id)) return false;
            if (_success is bool s && r.Success != s) return false;
            // A record stored before event types were made canonical ("SessionStart" from an older CLI) still matches.
            return Any(_eventTypes, _eventTypes is null ? r.EventType : Records.EventTypes.Normalize(r.EventType)) && Any(_models, r.Model) && Any(_providers, r.Provider) && Any(_agents, r.AgentName)
                && Any(_operations, r.Operation) && Any(_projects, r.Metadata.Project) && Any(_sessions, r.SessionId)
                && Any(_users, r.UserId) && Any(_hosts, r.Metadata.Host);
        }

        /// <summary>The cheap pre-check on the raw line: false means the record cannot match the text search.</summary>
        public bool LineMayMatch(ReadOnlySpan<byte> line)
        {
            if (Search is null) return true;
            var text = System.Text.Encoding.UTF8.GetString(line.ToArray());
            return text.IndexOf(Search, StringComparison.OrdinalIgnoreCase) >= 0;
        }

        private static bool Any(WildcardPattern[]? patterns, string? value)
        {
            if (patterns is null) return true;
            foreach (var p in patterns) if (p.IsMatch(value)) return true;
            return false;
        }

        private static WildcardPattern[]? Compile(IReadOnlyList<string>? values)
            => values is { Count: > 0 } ? values.Where(v => !string.IsNullOrEmpty(v)).Select(v => new WildcardPattern(v)).ToArray() : null;
    }
}
