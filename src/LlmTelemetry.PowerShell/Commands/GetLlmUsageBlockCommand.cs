using System.Management.Automation;
using LlmTelemetry.Queries;

namespace LlmTelemetry.Commands
{
    /// <summary>Get-LlmUsageBlock: 5-hour usage blocks as ccusage cuts them, the active one with its burn rate and projection.</summary>
    [Cmdlet(VerbsCommon.Get, "LlmUsageBlock")]
    [OutputType(typeof(LlmUsageBlock))]
    public sealed class GetLlmUsageBlockCommand : RecordQueryCommand
    {
        /// <summary>Only the active block (nothing when no block is active).</summary>
        [Parameter]
        public SwitchParameter Active { get; set; }

        /// <summary>A number of tokens, or max: the largest total of a finished block.</summary>
        [Parameter]
        public string? TokenLimit { get; set; }

        /// <summary>Block length in hours, a whole number of quarter hours; default 5.</summary>
        [Parameter]
        public double? SessionLength { get; set; }

        /// <summary>The store's root folder; default: the configured store.</summary>
        [Parameter]
        public string? Path { get; set; }

        internal override string? StoreRoot => Path;

        protected override void EndProcessing()
        {
            var records = BuildQuery();
            var options = SessionLength is double hours ? Guard(() => UsageBlockOptions.FromHours(hours, "SessionLength"), hours) : new UsageBlockOptions();
            var limit = TokenLimit is null ? null : Guard(() => Queries.TokenLimit.Parse(TokenLimit, "TokenLimit"), TokenLimit);
            var store = OpenStore(StoreRoot);
            var query = new UsageBlockQuery { Records = records, Options = options, TokenLimit = limit, ActiveOnly = Active.IsPresent };
            var report = Guard(() => UsageBlocks.Run(store, query), store.Root);
            if (report.SkippedLines > 0) WriteWarning($"{report.SkippedLines} unreadable line(s) were skipped.");
            WarnNotSearched(report.DaysNotSearched);
            foreach (var block in report.Blocks) WriteObject(new LlmUsageBlock(block, records.Zone));
        }
    }
}
