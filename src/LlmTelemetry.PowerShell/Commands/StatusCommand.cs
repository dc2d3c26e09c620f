using System.Management.Automation;
using LlmTelemetry.Configuration;
using LlmTelemetry.Status;

namespace LlmTelemetry.Commands
{
    /// <summary>What Get-LlmStatus and Write-LlmStatus share: whose session, the zone, the thresholds, and the one core call.</summary>
    public abstract class StatusCommand : LlmTelemetryCommand
    {
        /// <summary>The session to show; default: LLM_SESSION_ID, else this PowerShell process's session (the one Invoke-LlmChat records).</summary>
        [Parameter]
        public string? Session { get; set; }

        /// <summary>IANA time zone of "today" (default: this machine's).</summary>
        [Parameter]
        public string? TimeZone { get; set; }

        /// <summary>Session cost in USD from which the status is yellow; default: config status.yellow_usd, else 1.</summary>
        [Parameter]
        [ValidateRange(0.0, double.MaxValue)]
        public double YellowAt { get; set; }

        /// <summary>Session cost in USD above which the status is red; default: config status.red_usd, else 5.</summary>
        [Parameter]
        [ValidateRange(0.0, double.MaxValue)]
        public double RedAt { get; set; }

        /// <summary>The store's root folder; default: the configured store.</summary>
        [Parameter]
        public string? Path { get; set; }

        /// <summary>The config's status section: thresholds and colours.</summary>
        internal StatusConfig Config(Storage.TelemetryStore store)
            => Guard(() => UserConfig.Load(store.Settings.ConfigFile).Status ?? new StatusConfig(), store.Settings.ConfigFile);

        /// <summary>
        /// Budget thresholds crossed for the first time (in any process), each told to <paramref name="tell"/>, their
        /// hooks run; a config or state problem is a warning, not a failure of the status.
        /// </summary>
        internal void CheckAlerts(Storage.TelemetryStore store, LlmStatus status, System.Action<string> tell)
            => new Budgets.BudgetMonitor(store, ResolveZone(TimeZone)).CheckAlertsAfter(tell, status.Core.Budgets);

        internal LlmStatus Compute(Storage.TelemetryStore store, StatusConfig config)
        {
            var saved = Guard(() => config.Thresholds(), store.Settings.ConfigFile);
            var thresholds = Guard(() => new StatusThresholds
            {
                YellowUsd = MyInvocation.BoundParameters.ContainsKey(nameof(YellowAt)) ? YellowAt : saved.YellowUsd,
                RedUsd = MyInvocation.BoundParameters.ContainsKey(nameof(RedAt)) ? RedAt : saved.RedUsd,
            }.Validate(nameof(YellowAt), nameof(RedAt)), null);
            var zone = ResolveZone(TimeZone);
            return new LlmStatus(Guard(() => StatusCalculator.Compute(store, new StatusRequest
            {
                SessionId = string.IsNullOrEmpty(Session) ? SessionIdentity.Resolve() : Session,
                Zone = zone,
                Thresholds = thresholds,
            }), store.Root), zone);
        }
    }
}
