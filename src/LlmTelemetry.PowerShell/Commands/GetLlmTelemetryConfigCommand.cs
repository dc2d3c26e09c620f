using System.Management.Automation;
using LlmTelemetry.Configuration;

namespace LlmTelemetry.Commands
{
    /// <summary>Get-LlmTelemetryConfig: every effective setting, its value, and where it came from.</summary>
    [Cmdlet(VerbsCommon.Get, "LlmTelemetryConfig")]
    [OutputType(typeof(LlmConfigSetting))]
    public sealed class GetLlmTelemetryConfigCommand : LlmTelemetryCommand
    {
        /// <summary>Only the settings with these names.</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        public string[]? Name { get; set; }

        protected override void EndProcessing()
        {
            var settings = Guard(() => TelemetrySettings.Resolve(SettingsOptions), ConfigPaths.ConfigFile);
            foreach (var setting in SettingsReport.Describe(settings))
            {
                if (Name is not null && !Matches(setting.Name)) continue;
                WriteObject(new LlmConfigSetting(setting));
            }
        }

        private bool Matches(string name)
        {
            foreach (var pattern in Name!) if (new Queries.WildcardPattern(pattern).IsMatch(name)) return true;
            return false;
        }
    }
}
