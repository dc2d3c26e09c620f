using System;
using System.Collections.Generic;
using System.ComponentModel;
using System.Diagnostics;
using System.IO;
using System.Management.Automation;
using System.Runtime.InteropServices;
using System.Threading;

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

        /// <summary>
        /// How to start the PowerShell running this module, by absolute paths: its executable (pwsh, powershell.exe),
        /// or dotnet and pwsh.dll when PowerShell runs as a .NET tool (the process is then dotnet itself). A job that
        /// ran a bare "pwsh" would never start from cron, whose PATH is /usr/bin:/bin.
        /// </summary>
        public static IReadOnlyList<string> CurrentPowerShell()
        {
            string? file;
            try
            {
                using var self = Process.GetCurrentProcess();
                file = self.MainModule?.FileName;
            }
            catch (Exception ex) when (ex is Win32Exception || ex is InvalidOperationException || ex is NotSupportedException)
            {
                throw new InvalidOperationException("Cannot tell which PowerShell is running (" + ex.Message + "); name it with -PowerShellPath.", ex);
            }
            if (string.IsNullOrEmpty(file)) throw new InvalidOperationException("Cannot tell which PowerShell is running; name it with -PowerShellPath.");
            var name = Path.GetFileNameWithoutExtension(file)!;
            if (name.Equals("pwsh", StringComparison.OrdinalIgnoreCase) || name.Equals("powershell", StringComparison.OrdinalIgnoreCase)) return new[] { file! };
            // PowerShell's own folder ($PSHOME) holds System.Management.Automation.dll and, for pwsh, pwsh.dll.
            var home = Path.GetDirectoryName(typeof(PSObject).Assembly.Location);
            var dll = home is null ? null : Path.Combine(home, "pwsh.dll");
            if (name.Equals("dotnet", StringComparison.OrdinalIgnoreCase) && dll is not null && File.Exists(dll)) return new[] { file!, dll };
            throw new InvalidOperationException("This PowerShell runs inside '" + file + "', which is not pwsh, powershell or dotnet with pwsh.dll; name the PowerShell the job should start with -PowerShellPath.");
        }

        /// <summary>
        /// The variables of <see cref="RetentionSchedule.JobEnvironmentVariables"/> that are set here, for the crontab
        /// line: the job then reads the same store and settings as this session.
        /// </summary>
        public static IReadOnlyList<KeyValuePair<string, string>> JobEnvironment()
        {
            var set = new List<KeyValuePair<string, string>>();
            foreach (var name in RetentionSchedule.JobEnvironmentVariables)
            {
                var value = Environment.GetEnvironmentVariable(name);
                if (!string.IsNullOrEmpty(value)) set.Add(new KeyValuePair<string, string>(name, value!));
            }
            return set;
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
