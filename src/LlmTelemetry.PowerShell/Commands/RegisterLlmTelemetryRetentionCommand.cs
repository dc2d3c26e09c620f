using System;
using System.Collections.Generic;
using System.Management.Automation;
using LlmTelemetry.Internal;

namespace LlmTelemetry.Commands
{
    /// <summary>
    /// Register-LlmTelemetryRetention: a daily job that runs `Remove-LlmTelemetry -ApplyRetention` — a Task Scheduler
    /// task on Windows, a line in the user's crontab elsewhere (shown, not installed, with -WhatIf).
    /// </summary>
    [Cmdlet(VerbsLifecycle.Register, "LlmTelemetryRetention", SupportsShouldProcess = true)]
    [OutputType(typeof(LlmRetentionTask))]
    public sealed class RegisterLlmTelemetryRetentionCommand : LlmTelemetryCommand
    {
        /// <summary>Time of day the job runs (local), in whole minutes. Default 03:17.</summary>
        [Parameter(Position = 0)]
        public TimeSpan At { get; set; } = RetentionSchedule.DefaultTime;

        /// <summary>The PowerShell executable the job starts; default: the one running now (dotnet and pwsh.dll for a .NET tool).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? PowerShellPath { get; set; }

        protected override void EndProcessing()
        {
            string module = RetentionScheduler.ModuleReference(MyInvocation.MyCommand.Module);
            try
            {
                IReadOnlyList<string> shell = PowerShellPath is null
                    ? RetentionScheduler.CurrentPowerShell()
                    : new[] { GetUnresolvedProviderPathFromPSPath(PowerShellPath) };
                if (RetentionScheduler.IsWindows)
                {
                    string command = Guard(() => RetentionSchedule.TaskCommand(shell, module), shell[0]);
                    string arguments = Guard(() => RetentionSchedule.SchtasksCreateArguments(shell, module, At), At);
                    if (!ShouldProcess("Task Scheduler", $"Register daily task {RetentionSchedule.TaskName} at {At:hh\\:mm}: {command}")) return;
                    var result = RetentionScheduler.Schtasks(arguments, StopToken);
                    if (result.ExitCode != 0)
                        ThrowTerminatingError(ErrorRecords.Create("schtasks.exe failed: " + (result.Error + result.Output).Trim(), ErrorPrefix, "SchedulerFailed", ErrorCategory.InvalidResult, RetentionSchedule.TaskName));
                    WriteObject(new LlmRetentionTask(RetentionScheduler.SchedulerName, At, command, registered: true));
                    return;
                }

                string line = Guard(() => RetentionSchedule.CronLine(shell, module, At, RetentionScheduler.JobEnvironment()), At);
                if (!ShouldProcess("crontab of " + Environment.UserName, "Add the line: " + line)) return;
                string existing = RetentionScheduler.ReadCrontab(StopToken);
                RetentionScheduler.WriteCrontab(RetentionSchedule.MergeCrontab(existing, line), StopToken);
                WriteObject(new LlmRetentionTask(RetentionScheduler.SchedulerName, At, line, registered: true));
            }
            catch (InvalidOperationException ex)
            {
                // The scheduler is missing (no crontab binary, no schtasks.exe) or refused the change.
                ThrowTerminatingError(ErrorRecords.Create(ex.Message, ErrorPrefix, "SchedulerFailed", ErrorCategory.InvalidResult, RetentionSchedule.TaskName));
            }
        }
    }
}
