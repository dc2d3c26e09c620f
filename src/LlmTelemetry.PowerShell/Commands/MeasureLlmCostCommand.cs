using System.Collections.Generic;
using System.Management.Automation;
using LlmTelemetry.Queries;

namespace LlmTelemetry.Commands
{
    /// <summary>Measure-LlmCost: totals of the records piped in, as one row or one row per group.</summary>
    [Cmdlet(VerbsDiagnostic.Measure, "LlmCost")]
    [OutputType(typeof(LlmCostSummary))]
    public sealed class MeasureLlmCostCommand : LlmTelemetryCommand
    {
        private CostAggregator? _aggregator;
        private System.TimeZoneInfo? _zone;

        /// <summary>Records from Get-LlmTelemetry. Not mandatory, like Measure-Object's: no records give a zero total.</summary>
        [Parameter(ValueFromPipeline = true)]
        [AllowEmptyCollection]
        public LlmRecord[] InputObject { get; set; } = new LlmRecord[0];

        /// <summary>One row per group; several keys make one row per combination. Without it: one total row.</summary>
        [Parameter(Position = 0)]
        public GroupKey[]? GroupBy { get; set; }

        /// <summary>The time zone of the Day, Week, Month and Hour keys; default: the computer's.</summary>
        [Parameter]
        public string? TimeZone { get; set; }

        protected override void BeginProcessing()
        {
            _zone = ResolveZone(TimeZone);
            IReadOnlyList<GroupKey> keys = Guard(() => GroupKeys.ParseList(string.Join(",", GroupBy ?? new GroupKey[0]), "GroupBy"), GroupBy);
            _aggregator = new CostAggregator(keys, _zone);
        }

        protected override void ProcessRecord()
        {
            foreach (var record in UntilStopped(InputObject))
            {
                // The sums are checked: a total no number can hold ends the cmdlet with an error naming the group.
                if (record is not null) Guard(() => _aggregator!.Add(record.Core), record);
            }
        }

        protected override void EndProcessing()
        {
            if (_aggregator!.GroupBy.Count == 0)
            {
                WriteObject(LlmCostSummary.ToPSObject(Guard(() => _aggregator.Total(), null), _zone!));
                return;
            }
            foreach (var row in _aggregator.Rows()) WriteObject(LlmCostSummary.ToPSObject(row, _zone!));
        }
    }
}
