using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Commands
{
    /// <summary>
    /// Remove-LlmTelemetry: removes the raw records of old days, records by id (piped from Get-LlmTelemetry), every raw
    /// record, or runs the configured retention. The daily rollups of closed days stay in history unless -IncludeHistory.
    /// Plans with a dry run first so -WhatIf and the confirmation say, per day, what happens to raw records and rollups.
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

        /// <summary>Remove the raw records of the days older than this many days (today and the N days before it are kept); their rollups stay in history.</summary>
        [Parameter(Mandatory = true, ParameterSetName = OlderThanSet, Position = 0)]
        [ValidateRange(0, 36500)]
        public int OlderThan { get; set; }

        /// <summary>Remove the raw records of the days dated before this date; their rollups stay in history.</summary>
        [Parameter(Mandatory = true, ParameterSetName = BeforeSet)]
        public DateTime Before { get; set; }

        /// <summary>Remove these records; takes the Id property of piped records.</summary>
        [Parameter(Mandatory = true, ParameterSetName = IdSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] Id { get; set; } = new string[0];

        /// <summary>Remove every raw record in the store (closed days keep their rollups in history). Asks for confirmation unless -Force or -Confirm:$false.</summary>
        [Parameter(Mandatory = true, ParameterSetName = AllSet)]
        public SwitchParameter All { get; set; }

        /// <summary>Run the configured retention, size cap and compaction (what the scheduled task runs).</summary>
        [Parameter(Mandatory = true, ParameterSetName = RetentionSet)]
        public SwitchParameter ApplyRetention { get; set; }

        /// <summary>
        /// With -OlderThan, -Before or -All: delete those days' history rollups too, so their costs are gone for good.
        /// Asks for confirmation as a high-impact action unless -Force or -Confirm:$false.
        /// </summary>
        [Parameter(ParameterSetName = OlderThanSet)]
        [Parameter(ParameterSetName = BeforeSet)]
        [Parameter(ParameterSetName = AllSet)]
        public SwitchParameter IncludeHistory { get; set; }

        /// <summary>Write one LlmRemovalResult per day archived, removed, rewritten or compacted, and per history rollup deleted.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>With -All or -IncludeHistory: do not ask for confirmation (for scripts; -Confirm:$false does the same).</summary>
        [Parameter(ParameterSetName = OlderThanSet)]
        [Parameter(ParameterSetName = BeforeSet)]
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
            } with { IncludeHistory = IncludeHistory };
            var store = OpenStore(Path);
            var plan = Guard(() => StoreRemoval.Run(store, request with { DryRun = true }), store.Root);
            if (plan.Steps.Count == 0)
            {
                if (ParameterSetName == IdSet && _ids.Count > 0) WriteWarning($"None of the {_ids.Count} id(s) is in {store.Root}.");
                else WriteVerbose("Nothing to remove in " + store.Root);
                return;
            }

            // -WhatIf prints the description, the confirmation shows the warning: both say, per day, what happens to
            // the raw records and to the rollup, since that is what a person deciding needs.
            string action = ParameterSetName == RetentionSet ? "Apply retention" : "Remove telemetry";
            string days = string.Join(Environment.NewLine, plan.Steps.Select(step => "  " + StoreRemoval.Describe(step)));
            string summary = $"{action} in {store.Root}: {StoreRemoval.Describe(plan)}";
            bool confirmed = ShouldProcess(summary + Environment.NewLine + days, summary + "?" + Environment.NewLine + days, "Remove-LlmTelemetry")
                && (!HighImpact || Force || !WantsHighImpactPrompt() || ShouldContinue(HighImpactQuestion(store.Root), "Remove-LlmTelemetry"));
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

        /// <summary>-All and -IncludeHistory take what cannot be had back: every raw record, or days' costs for good.</summary>
        private bool HighImpact => ParameterSetName == AllSet || IncludeHistory;

        private string HighImpactQuestion(string root)
        {
            if (IncludeHistory)
                return ParameterSetName == AllSet
                    ? $"Delete every record and all history in {root}? Every cost and usage report loses these days. This cannot be undone."
                    : $"Delete these days' history in {root} too? Their costs and usage are gone for good. This cannot be undone.";
            return $"Delete every raw record in {root}? Closed days keep their daily totals in history; the records themselves cannot be had back.";
        }

        /// <summary>
        /// ConfirmImpact is one value per cmdlet, and High for every mode would make the scheduled retention prompt.
        /// So -All and -IncludeHistory behave as High on their own, with ShouldContinue after ShouldProcess (the pattern
        /// PowerShell's own docs give for a second confirmation, skipped by -Force). They ask exactly when a High
        /// cmdlet's ShouldProcess would and this Medium one's did not: -Confirm was not given (it asks, or was told
        /// not to ask) and $ConfirmPreference is High (Low or Medium made ShouldProcess ask already; None never asks).
        /// </summary>
        private bool WantsHighImpactPrompt()
        {
            if (MyInvocation.BoundParameters.ContainsKey("Confirm")) return false;
            var preference = SessionState.PSVariable.GetValue("ConfirmPreference");
            if (preference is ConfirmImpact impact) return impact == ConfirmImpact.High;
            return Enum.TryParse(preference?.ToString(), true, out ConfirmImpact parsed) && parsed == ConfirmImpact.High;
        }
    }
}
