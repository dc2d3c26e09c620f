using System;
using System.Collections.Generic;
using System.Management.Automation;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Commands
{
    /// <summary>
    /// Remove-LlmTelemetry: deletes old days, records by id (piped from Get-LlmTelemetry), everything, or runs the
    /// configured retention. Plans with a dry run first so -WhatIf and the confirmation say exactly what would go.
    /// </summary>
    // Id is the default set so that piped records always bind to it; every other mode is chosen by its own parameter.
    [Cmdlet(VerbsCommon.Remove, "LlmTelemetry", DefaultParameterSetName = IdSet, SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(LlmRemovalResult))]
    public sealed class RemoveLlmTelemetryCommand : LlmTelemetryCommand
    {
        private const string OlderThanSet = "OlderThan";
        private const string BeforeSet = "Before";
        private const string IdSet = "Id";
        private const string AllSet = "All";
        private const string RetentionSet = "ApplyRetention";

        private readonly List<string> _ids = new List<string>();

        /// <summary>Delete the day folders older than this many days (today and the N days before it are kept).</summary>
        [Parameter(Mandatory = true, ParameterSetName = OlderThanSet, Position = 0)]
        [ValidateRange(0, 36500)]
        public int OlderThan { get; set; }

        /// <summary>Delete the day folders dated before this date.</summary>
        [Parameter(Mandatory = true, ParameterSetName = BeforeSet)]
        public DateTime Before { get; set; }

        /// <summary>Remove these records; takes the Id property of piped records.</summary>
        [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] Id { get; set; } = new string[0];

        /// <summary>Delete every record in the store. Asks for confirmation unless -Confirm:$false.</summary>
        [Parameter(Mandatory = true, ParameterSetName = AllSet)]
        public SwitchParameter All { get; set; }

        /// <summary>Run the configured retention, size cap and compaction (what the scheduled task runs).</summary>
        [Parameter(Mandatory = true, ParameterSetName = RetentionSet)]
        public SwitchParameter ApplyRetention { get; set; }

        /// <summary>Write one LlmRemovalResult per day removed, rewritten or compacted.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>With -All: do not ask for confirmation (for scripts; -Confirm:$false does the same).</summary>
        [Parameter(ParameterSetName = AllSet)]
        public SwitchParameter Force { get; set; }

        /// <summary>The store's root folder; default: the configured store.</summary>
        [Parameter]
        public string? Path { get; set; }

        protected override void ProcessRecord()
        {
            if (ParameterSetName == IdSet) _ids.AddRange(Id);
        }

        protected override void EndProcessing()
        {
            var request = ParameterSetName switch
            {
                OlderThanSet => new RemovalRequest { OlderThanDays = OlderThan },
                BeforeSet => new RemovalRequest { Before = Before },
                IdSet => new RemovalRequest { Ids = _ids },
                AllSet => new RemovalRequest { All = true },
                _ => new RemovalRequest { ApplyRetention = true },
            };
            var store = OpenStore(Path);
            var plan = Guard(() => StoreRemoval.Run(store, request with { DryRun = true }), store.Root);
            if (plan.Steps.Count == 0)
            {
                if (ParameterSetName == IdSet && _ids.Count > 0) WriteWarning($"None of the {_ids.Count} id(s) is in {store.Root}.");
                else WriteVerbose("Nothing to remove in " + store.Root);
                return;
            }

            string action = ParameterSetName == RetentionSet ? "Apply retention" : "Remove telemetry";
            bool confirmed = ShouldProcess(store.Root, action + ": " + StoreRemoval.Describe(plan))
                && (ParameterSetName != AllSet || Force || !WantsHighImpactPrompt()
                    || ShouldContinue($"Delete every record in {store.Root}? This cannot be undone.", "Remove-LlmTelemetry -All"));
            if (!confirmed)
            {
                if (PassThru) foreach (var step in plan.Steps) WriteObject(new LlmRemovalResult(step, whatIf: true));
                return;
            }
            var done = Guard(() => StoreRemoval.Run(store, request), store.Root);
            int wanted = new HashSet<string>(_ids, StringComparer.Ordinal).Count;
            if (ParameterSetName == IdSet && done.RecordsRemoved < wanted)
                WriteWarning($"{wanted - done.RecordsRemoved} of {wanted} id(s) were not found in {store.Root}.");
            if (PassThru) foreach (var step in done.Steps) WriteObject(new LlmRemovalResult(step, whatIf: false));
        }

        /// <summary>
        /// ConfirmImpact is one value per cmdlet, and High for every mode would make the scheduled retention prompt.
        /// So -All behaves as High on its own: it asks unless -Confirm was given (ShouldProcess then asked or was told
        /// not to) or $ConfirmPreference is None.
        /// </summary>
        private bool WantsHighImpactPrompt()
        {
            if (MyInvocation.BoundParameters.ContainsKey("Confirm")) return false;
            var preference = SessionState.PSVariable.GetValue("ConfirmPreference");
            return !(preference is ConfirmImpact impact && impact == ConfirmImpact.None)
                && !string.Equals(preference?.ToString(), "None", StringComparison.OrdinalIgnoreCase);
        }
    }
}
