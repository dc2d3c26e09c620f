using System;
using System.Management.Automation;
using LlmTelemetry.Internal;

namespace LlmTelemetry.Commands
{
    /// <summary>Unregister-LlmTelemetryRetention: removes the daily retention job (the Task Scheduler task, or our crontab line only).</summary>
    [Cmdlet(VerbsLifecycle.Unregister, "LlmTelemetryRetention", SupportsShouldProcess = true)]
    [OutputType(typeof(LlmRetentionTask))]
    public sealed class UnregisterLlmTelemetryRetentionCommand : LlmTelemetryCommand
    {
        protected override void EndProcessing()
        {
            try
            {
                if (RetentionScheduler.IsWindows)
                {
                    if (!ShouldProcess("Task Scheduler", "Delete task " + RetentionSchedule.TaskName)) return;
                    var result = RetentionScheduler.Schtasks(RetentionSchedule.SchtasksDeleteArguments(), StopToken);
                    if (result.ExitCode != 0)
                    {
                        WriteWarning($"No task {RetentionSchedule.TaskName} was removed: " + (result.Error + result.Output).Trim());
                        return;
                    }
                    WriteObject(new LlmRetentionTask(RetentionScheduler.SchedulerName, null, RetentionSchedule.SchtasksDeleteArguments(), registered: false));
                    return;
                }

                string existing = RetentionScheduler.ReadCrontab(StopToken);
                string remaining = RetentionSchedule.RemoveFromCrontab(existing, out bool found);
                if (!found)
                {
                    WriteWarning("The crontab of " + Environment.UserName + " has no LlmTelemetry retention line.");
                    return;
                }
                if (!ShouldProcess("crontab of " + Environment.UserName, "Remove the line ending in '" + RetentionSchedule.CronMarker + "'")) return;
                RetentionScheduler.WriteCrontab(remaining, StopToken);
                WriteObject(new LlmRetentionTask(RetentionScheduler.SchedulerName, null, "crontab -", registered: false));
            }
            catch (InvalidOperationException ex)
            {
                ThrowTerminatingError(ErrorRecords.Create(ex.Message, ErrorPrefix, "SchedulerFailed", ErrorCategory.InvalidResult, RetentionSchedule.TaskName));
            }
        }
    }
}
