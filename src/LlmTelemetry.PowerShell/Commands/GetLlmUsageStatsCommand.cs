using System.Management.Automation;
using LlmTelemetry.Queries;

namespace LlmTelemetry.Commands
{
    /// <summary>Get-LlmUsageStats: success rate, latency percentiles, slowest operations, peak hours, busiest weekday, top models and agents.</summary>
    [Cmdlet(VerbsCommon.Get, "LlmUsageStats")]
    [OutputType(typeof(LlmUsageStats))]
    public sealed class GetLlmUsageStatsCommand : RecordQueryCommand
    {
        /// <summary>How many entries each top list holds.</summary>
        [Parameter]
        [ValidateRange(1, 100)]
        public int Top { get; set; } = 5;

        /// <summary>The store's root folder; default: the configured store.</summary>
        [Parameter]
        public string? Path { get; set; }

        internal override string? StoreRoot => Path;

        protected override void EndProcessing()
        {
            var query = BuildQuery();
            var store = OpenStore(StoreRoot);
            UsageStats stats = Guard(() => UsageStatsCalculator.Run(store, query, Top), store.Root);
            if (stats.SkippedLines > 0) WriteWarning($"{stats.SkippedLines} unreadable line(s) were skipped.");
            WarnNotSearched(stats.DaysNotSearched);
            WriteObject(new LlmUsageStats(stats, query.Zone));
        }
    }
}
