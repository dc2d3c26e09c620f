using System;
using System.Collections.Generic;
using System.Linq;
using LlmTelemetry.Records;

namespace LlmTelemetry.Queries
{
    /// <summary>A <see cref="RecordFilter"/> with its patterns compiled, and a UTC time range [Since, Until); thread-safe.</summary>
    internal sealed class CompiledFilter
    {
        private readonly WildcardPattern[]? _models, _providers, _agents, _operations, _projects, _sessions, _users, _hosts, _eventTypes, _sources;
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
            _sources = Compile(filter.Sources);
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

        /// <summary>
        /// Does the range cut the UTC day only at rollup slot boundaries (every 15 minutes), or not at all? Then the
        /// day's cells select exactly the records the range does, since a cell's records all share its slot. Local
        /// midnights of every time zone fall on such boundaries.
        /// </summary>
        public bool CutsOnSlots(DateTime utcDay)
        {
            var dayStart = new DateTimeOffset(utcDay.Date, TimeSpan.Zero);
            return OnSlot(Since, dayStart) && OnSlot(Until, dayStart);
        }

        private static bool OnSlot(DateTimeOffset? edge, DateTimeOffset dayStart)
        {
            if (edge is not DateTimeOffset e || e <= dayStart || e >= dayStart.AddDays(1)) return true;
            return (e - dayStart).Ticks % TimeSpan.FromMinutes(Storage.RollupCell.SlotMinutes).Ticks == 0;
        }

        /// <summary>Does every record of this UTC day match (no field filter, the whole day in range)?</summary>
        public bool TakesWholeDay(DateTime utcDay) => Filter.MatchesEverything && Covers(utcDay);

        public bool Matches(TelemetryRecord r)
        {
            if (!InRange(r.Timestamp)) return false;
            if (_ids is not null && !_ids.Contains(r.Id)) return false;
            if (_success is bool s && r.Success != s) return false;
            // A record stored before event types were made canonical ("SessionStart" from an older CLI) still matches.
            return Any(_eventTypes, _eventTypes is null ? r.EventType : Records.EventTypes.Normalize(r.EventType)) && Any(_models, r.Model) && Any(_providers, r.Provider) && Any(_agents, r.AgentName)
                && Any(_operations, r.Operation) && Any(_projects, r.Metadata.Project) && Any(_sessions, r.SessionId)
                && Any(_users, r.UserId) && Any(_hosts, r.Metadata.Host) && Any(_sources, r.Metadata.Source);
        }

        /// <summary>
        /// <see cref="Matches"/> for a rollup cell, read from its fields: no record is built per cell (a status line
        /// filters a week of cells by session on every prompt). Ids and text cannot be asked of a cell; callers check
        /// <see cref="RecordFilter.RollupsCanAnswer"/> first.
        /// </summary>
        internal bool MatchesCell(Storage.RollupCell cell, DateTime utcDay)
        {
            if (!InRange(cell.SlotStart(utcDay))) return false;
            if (_success is bool s && cell.Failed == s) return false;
            return Any(_eventTypes, _eventTypes is null ? cell.EventType : Records.EventTypes.Normalize(cell.EventType)) && Any(_models, cell.Model)
                && Any(_providers, cell.Provider) && Any(_agents, cell.Agent) && Any(_operations, cell.Operation) && Any(_projects, cell.Project)
                && Any(_sessions, cell.Session) && Any(_users, cell.User) && Any(_hosts, cell.Host);
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
