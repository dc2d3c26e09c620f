using System.Linq;
using System.Management.Automation;
using LlmTelemetry.Internal;

namespace LlmTelemetry.Commands
{
    /// <summary>Get-LlmTelemetry: streams the stored records that match, oldest first (or newest first with -Newest).</summary>
    [Cmdlet(VerbsCommon.Get, "LlmTelemetry")]
    [OutputType(typeof(TelemetryRecord))]
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
            var (range, filter, zone) = BuildQuery();
            var store = OpenStore(StoreRoot);
            var query = range is null ? filter : range.Apply(filter);
            // StopToken as well as UntilStopped: a filter that matches nothing for weeks of records writes nothing to stop at.
            var records = store.Query(query, null, Newest.IsPresent, StopToken);
            if (First is int n) records = records.Take(n);
            Guard(() =>
            {
                foreach (var record in UntilStopped(records)) WriteObject(new TelemetryRecord(record, zone));
            }, store.Root);
        }
    }
}
