using System.Management.Automation;

namespace LlmTelemetry.Commands
{
    /// <summary>Get-LlmTelemetry: streams the stored records that match, oldest first (or newest first with -Newest).</summary>
    [Cmdlet(VerbsCommon.Get, "LlmTelemetry")]
    [OutputType(typeof(LlmRecord))]
    public sealed class GetLlmTelemetryCommand : RecordQueryCommand
    {
        /// <summary>At most this many records.</summary>
        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? First { get; set; }

        /// <summary>Newest records first (with -First: the latest N).</summary>
        [Parameter]
        public SwitchParameter Newest { get; set; }

        /// <summary>The store's root folder; default: the configured store.</summary>
        [Parameter]
        public string? Path { get; set; }

        internal override string? StoreRoot => Path;

        protected override void EndProcessing()
        {
            var query = BuildQuery() with { NewestFirst = Newest.IsPresent, Limit = First };
            var store = OpenStore(StoreRoot);
            WarnListing(store, query);
            // The query's StopToken as well as UntilStopped: a filter that matches nothing for weeks of records writes nothing to stop at.
            var records = store.Query(query);
            Guard(() =>
            {
                foreach (var record in UntilStopped(records)) WriteObject(new LlmRecord(record, query.Zone));
            }, store.Root);
        }
    }
}
