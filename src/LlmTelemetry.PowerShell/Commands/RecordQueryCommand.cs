using System;
using System.Management.Automation;
using LlmTelemetry.Completion;
using LlmTelemetry.Queries;

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
    }
}
