using System.Management.Automation;
using LlmTelemetry.Status;

namespace LlmTelemetry.Commands
{
    /// <summary>
    /// Get-LlmStatus: the live status as an object (the session's tokens and cost, today's cost, the colour level);
    /// its ToString() is seed 003's line, "Tokens: 1,234 | Cost: $0.12 | Session: $1.45".
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "LlmStatus")]
    [OutputType(typeof(LlmStatus))]
    public sealed class GetLlmStatusCommand : StatusCommand
    {
        protected override void EndProcessing()
        {
            var store = OpenStore(Path);
            var status = Compute(store, Config(store));
            CheckAlerts(store, status, WriteWarning);
            WriteObject(status);
        }
    }
}
