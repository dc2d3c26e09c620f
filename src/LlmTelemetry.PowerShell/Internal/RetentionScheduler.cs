using System;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Threading;
using LlmTelemetry.Configuration;

namespace LlmTelemetry.Internal
{
    /// <summary>
    /// Runs the OS scheduler with what <see cref="RetentionSchedule"/> builds: schtasks.exe on Windows, `crontab -l`
    /// and `crontab -` elsewhere. Only process plumbing lives here.
    /// </summary>
    internal static class RetentionScheduler
    {
        public static bool IsWindows => RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        public static string SchedulerName => IsWindows ? "TaskScheduler" : "cron";

        /// <summary>The PowerShell running this module (pwsh or powershell.exe), so the job runs the same edition.</summary>
        public static string CurrentPowerShell()
        {
            try
            {
                using var self = Process.GetCurrentProcess();
                var file = self.MainModule?.FileName;
                if (!string.IsNullOrEmpty(file))
                {
                    var name = Path.GetFileNameWithoutExtension(file)!;
                    if (name.Equals("pwsh", StringComparison.OrdinalIgnoreCase) || name.Equals("powershell", StringComparison.OrdinalIgnoreCase)) return file!;
                }
            }
            catch (Exception ex) when (ex is Win32Exception || ex is InvalidOperationException || ex is NotSupportedException)
            {
                // Fall through to the name on PATH.
            }
            return IsWindows ? "powershell.exe" : "pwsh";
        }

        /// <summary>The manifest beside this module's dll, else the module name (found on PSModulePath).</summary>
        public static string ModuleReference(PSModuleInfo? module)
        {
            var folder = module?.ModuleBase ?? Path.GetDirectoryName(typeof(RetentionScheduler).Assembly.Location);
            var manifest = folder is null ? null : Path.Combine(folder, "LlmTelemetry.psd1");
            return manifest is not null && File.Exists(manifest) ? manifest : "LlmTelemetry";
        }

        /// <summary>The user's crontab text; empty when they have none yet.</summary>
        public static string ReadCrontab(CancellationToken cancel)
        {
            var result = ExternalCommand.Run("crontab", "-l", null, cancel);
            if (result.ExitCode == 0) return result.Output;
            // "no crontab for <user>" is not an error: there is simply nothing to merge into.
            if (result.Error.IndexOf("no crontab", StringComparison.OrdinalIgnoreCase) >= 0) return "";
            throw new InvalidOperationException("crontab -l failed: " + result.Error.Trim());
        }

        public static void WriteCrontab(string text, CancellationToken cancel)
        {
            var result = ExternalCommand.Run("crontab", "-", text, cancel);
            if (result.ExitCode != 0) throw new InvalidOperationException("crontab - failed: " + result.Error.Trim());
        }

        public static ExternalResult Schtasks(string arguments, CancellationToken cancel)
            => ExternalCommand.Run("schtasks.exe", arguments, null, cancel);
    }
}
