using System.Management.Automation;
using LlmTelemetry.Configuration;

namespace LlmTelemetry.Commands
{
    /// <summary>
    /// Set-LlmTelemetryConfig: persists settings to the user's config file. Only the parameters given change;
    /// environment variables still override the file (Get-LlmTelemetryConfig shows which wins).
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "LlmTelemetryConfig", SupportsShouldProcess = true)]
    [OutputType(typeof(LlmConfigSetting))]
    public sealed class SetLlmTelemetryConfigCommand : LlmTelemetryCommand
    {
        /// <summary>Record locally at all (-StorageEnabled:$false turns recording off).</summary>
        [Parameter]
        public SwitchParameter StorageEnabled { get; set; }

        /// <summary>The store's root folder; a relative path (.llm-telemetry) makes a per-project store.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? Directory { get; set; }

        [Parameter]
        [ValidateRange(1, 36500)]
        public int? RetentionDays { get; set; }

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? MaxSizeMB { get; set; }

        /// <summary>
        /// How many days a day's rollup stays in history after its raw records are gone; 0 keeps it forever. The core
        /// checks the value (UserConfigUpdate), so the limits and their message are the ones every front end gives.
        /// </summary>
        [Parameter]
        public int? HistoryDays { get; set; }

        /// <summary>The history tier's own size cap in MB; over it the oldest rollups go first. Checked by the core.</summary>
        [Parameter]
        public int? HistoryMaxSizeMB { get; set; }

        /// <summary>Keep prompt text (privacy: off by default).</summary>
        [Parameter]
        public SwitchParameter StorePrompts { get; set; }

        /// <summary>Keep response text (privacy: off by default).</summary>
        [Parameter]
        public SwitchParameter StoreResponses { get; set; }

        /// <summary>Write the effective settings afterwards.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void EndProcessing()
        {
            // Switches count only when given, so -StorePrompts:$false turns prompts off and leaving it out keeps the file's value.
            var changes = new UserConfig
            {
                StorageEnabled = Given(nameof(StorageEnabled)) ? StorageEnabled.IsPresent : (bool?)null,
                Directory = Directory,
                RetentionDays = RetentionDays,
                MaxSizeMB = MaxSizeMB,
                HistoryDays = HistoryDays,
                HistoryMaxSizeMB = HistoryMaxSizeMB,
                StorePrompts = Given(nameof(StorePrompts)) ? StorePrompts.IsPresent : (bool?)null,
                StoreResponses = Given(nameof(StoreResponses)) ? StoreResponses.IsPresent : (bool?)null,
            };
            string file = ConfigPaths.ConfigFile;
            bool anySetting = Given(nameof(StorageEnabled)) || Given(nameof(Directory)) || Given(nameof(RetentionDays))
                || Given(nameof(MaxSizeMB)) || Given(nameof(HistoryDays)) || Given(nameof(HistoryMaxSizeMB))
                || Given(nameof(StorePrompts)) || Given(nameof(StoreResponses));
            if (!anySetting) WriteWarning("No setting was given; the config file is left as it is.");
            // Check the values before asking, so -WhatIf on a bad value fails the same way the real run would.
            Guard(() => UserConfigUpdate.Merge(new UserConfig(), changes), file);
            if (anySetting && ShouldProcess(file, "Save LlmTelemetry settings"))
                Guard(() => UserConfigUpdate.Apply(file, changes), file);
            if (!PassThru) return;
            var settings = Guard(() => TelemetrySettings.Resolve(SettingsOptions), file);
            foreach (var setting in SettingsReport.Describe(settings)) WriteObject(new LlmConfigSetting(setting));
        }

        private bool Given(string parameter) => MyInvocation.BoundParameters.ContainsKey(parameter);
    }
}
