using System.Management.Automation;
using LlmTelemetry.Internal;
using LlmTelemetry.Queries;

namespace LlmTelemetry.Commands
{
    /// <summary>Get-LlmCost: cost rows for a range straight from the store (whole days from day summaries).</summary>
    [Cmdlet(VerbsCommon.Get, "LlmCost")]
    [OutputType(typeof(LlmCostSummary))]
    public sealed class GetLlmCostCommand : RecordQueryCommand
    {
        /// <summary>One row per group; several keys make one row per combination. Without it: one total row.</summary>
        [Parameter(Position = 0)]
        public GroupKey[]? GroupBy { get; set; }

        /// <summary>The store's root folder; default: the configured store.</summary>
        [Parameter]
        public string? Path { get; set; }

        internal override string? StoreRoot => Path;

        protected override void EndProcessing()
        {
            var query = BuildQuery();
            var keys = Guard(() => GroupKeys.ParseList(string.Join(",", GroupBy ?? new GroupKey[0]), "GroupBy"), GroupBy);
            var store = OpenStore(StoreRoot);
            var progress = new ScanProgressRecord(this, "Get-LlmCost");
            CostReport report;
            try
            {
                report = Guard(() => CostReporter.Run(store, query, keys, progress), store.Root);
            }
            finally
            {
                progress.Complete();
            }
            if (report.SkippedLines > 0) WriteWarning($"{report.SkippedLines} unreadable line(s) were skipped.");
            WarnNotSearched(report.DaysNotSearched);
            if (keys.Count == 0)
            {
                WriteObject(LlmCostSummary.ToPSObject(report.Total, query.Zone));
                return;
            }
            foreach (var row in report.Rows) WriteObject(LlmCostSummary.ToPSObject(row, query.Zone));
        }
    }
}
