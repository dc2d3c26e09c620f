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

        /// <summary>
        /// metadata.source (the tool that recorded or imported the record: claude-code, codex, gemini, cli, Invoke-LlmChat).
        /// Internal: only a budget's source scope asks it, and a rollup does not keep it, so a day is then scanned.
        /// </summary>
        internal IReadOnlyList<string>? Sources { get; init; }

        /// <summary>true = only successful, false = only failed, null = both.</summary>
        public bool? Success { get; init; }

        /// <summary>Case-insensitive text searched for anywhere in the record's JSON line.</summary>
        public string? Search { get; init; }

        /// <summary>True when no field restricts the records.</summary>
        public bool MatchesEverything =>
            IsEmpty(Models) && IsEmpty(Providers) && IsEmpty(Agents) && IsEmpty(Operations) && IsEmpty(Projects)
            && IsEmpty(Sessions) && IsEmpty(Users) && IsEmpty(Hosts) && IsEmpty(EventTypes) && IsEmpty(Ids) && IsEmpty(Sources)
            && Success is null && string.IsNullOrEmpty(Search);

        /// <summary>Can a day's rollup answer it? A rollup keeps every field a filter names except the record id, its source and the record's text.</summary>
        internal bool RollupsCanAnswer => IsEmpty(Ids) && IsEmpty(Sources) && string.IsNullOrEmpty(Search);

        private static bool IsEmpty(IReadOnlyList<string>? list) => list is null || list.Count == 0;
    }
}
