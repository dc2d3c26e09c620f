using System;
using System.Collections.Generic;
using System.Management.Automation;
using LlmTelemetry.Completion;
using LlmTelemetry.Queries;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Commands
{
    /// <summary>
    /// The range and filter parameters shared by the cmdlets that read records (Get-LlmTelemetry, Get-LlmCost,
    /// Get-LlmUsageStats, Export-LlmTelemetry, Show-LlmTelemetry), bound once to the core's <see cref="RecordQuery"/>.
    /// </summary>
    public abstract class RecordQueryCommand : LlmTelemetryCommand
    {
        /// <summary>The last N local days, today included.</summary>
        [Parameter]
        [ValidateRange(1, 36500)]
        public int? Days { get; set; }

        /// <summary>First local date (inclusive).</summary>
        [Parameter]
        public DateTime? Start { get; set; }

        /// <summary>Last local date (inclusive).</summary>
        [Parameter]
        public DateTime? End { get; set; }

        [Parameter]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ModelCompleter))]
        public string[]? Model { get; set; }

        [Parameter]
        [SupportsWildcards]
        public string[]? Provider { get; set; }

        [Parameter]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(AgentCompleter))]
        public string[]? Agent { get; set; }

        [Parameter]
        [SupportsWildcards]
        public string[]? Operation { get; set; }

        [Parameter]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ProjectCompleter))]
        public string[]? Project { get; set; }

        [Parameter]
        [SupportsWildcards]
        public string[]? Session { get; set; }

        [Parameter]
        [SupportsWildcards]
        public string[]? User { get; set; }

        /// <summary>llm_call, session_start, tool_call, … (PascalCase accepted: SessionStart).</summary>
        [Parameter]
        [SupportsWildcards]
        public string[]? EventType { get; set; }

        /// <summary>Text searched for anywhere in the record (case-insensitive).</summary>
        [Parameter]
        public string? Search { get; set; }

        /// <summary>Only failed calls.</summary>
        [Parameter]
        public SwitchParameter Failed { get; set; }

        /// <summary>The store's root folder (-Path, or -StorePath where -Path names an output file).</summary>
        internal abstract string? StoreRoot { get; }

        /// <summary>The time zone of local days (IANA or Windows id, UTC, Local); default: the computer's.</summary>
        [Parameter]
        public string? TimeZone { get; set; }

        /// <summary>
        /// The parameters as one core query, cancelled by Ctrl+C (StopProcessing); the range rules are the core's
        /// (<see cref="QueryRange"/>), <paramref name="fallback"/> is what the cmdlet covers without a range.
        /// </summary>
        internal RecordQuery BuildQuery(RangeDefault fallback = RangeDefault.AllTime)
        {
            var zone = ResolveZone(TimeZone);
            var filter = new RecordFilter
            {
                Models = Model,
                Providers = Provider,
                Agents = Agent,
                Operations = Operation,
                Projects = Project,
                Sessions = Session,
                Users = User,
                EventTypes = EventType,
                Search = string.IsNullOrEmpty(Search) ? null : Search,
                Success = Failed.IsPresent ? false : (bool?)null,
            };
            var range = new RangeInput { Days = Days, Start = Start, End = End };
            return Guard(() => RecordQuery.Create(range, fallback, filter, zone), Days?.ToString() ?? Start?.ToString()) with { Cancellation = StopToken };
        }

        /// <summary>
        /// Warns once when a cmdlet that lists records was asked for a range that reaches days kept only as history;
        /// the core decides which days (<see cref="ListingCoverage"/>). Called before the records are written, so a
        /// pipeline that stops early (Select-Object -First) still shows it.
        /// </summary>
        internal void WarnListing(TelemetryStore store, RecordQuery query)
        {
            var notice = Guard(() => ListingCoverage.Of(store, query).Notice, store.Root);
            if (notice is not null) WriteSentence(notice + "; Get-LlmCost and Get-LlmUsageStats include them, Get-LlmTelemetry and Export-LlmTelemetry do not");
        }

        /// <summary>Warns once naming the history days a text search or an id filter could not be asked of.</summary>
        internal void WarnNotSearched(IReadOnlyList<DateTime> days)
        {
            if (HistoryNotices.NotSearched(days) is string text) WriteSentence(text);
        }

        /// <summary>The core's notices are clauses ("records before …"); a PowerShell warning is a sentence.</summary>
        internal void WriteSentence(string clause) => WriteWarning(char.ToUpperInvariant(clause[0]) + clause.Substring(1) + ".");
    }
}
