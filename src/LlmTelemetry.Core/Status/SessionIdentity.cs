using System;
using System.Diagnostics;
using System.Globalization;

namespace LlmTelemetry.Status
{
    /// <summary>
    /// Which session "the session" is: LLM_SESSION_ID when set, else what the caller knows (Claude Code's hook sends its
    /// session_id), else this process (a PowerShell session records and reads its own calls under it).
    /// </summary>
    public static class SessionIdentity
    {
        public const string Variable = "LLM_SESSION_ID";

        private static readonly Lazy<string> ProcessIdLazy = new Lazy<string>(() =>
        {
            using var self = Process.GetCurrentProcess();
            DateTime started;
            try { started = self.StartTime.ToUniversalTime(); }
            catch (Exception ex) when (ex is InvalidOperationException || ex is NotSupportedException || ex is System.ComponentModel.Win32Exception)
            {
                // Some sandboxes hide a process's start time; the first use then stands in for it, which is still one
                // id per process.
                started = DateTime.UtcNow;
            }
            return ProcessPrefix + self.Id.ToString(CultureInfo.InvariantCulture) + "-" + started.ToString("yyyyMMdd'T'HHmmss", CultureInfo.InvariantCulture);
        });

        /// <summary>What a process's session id starts with; a pid alone repeats after a reboot, the start time does not.</summary>
        public const string ProcessPrefix = "pid-";

        /// <summary>This process's session: "pid-&lt;pid&gt;-&lt;UTC start, yyyyMMddTHHmmss&gt;".</summary>
        public static string ProcessSession => ProcessIdLazy.Value;

        /// <summary>LLM_SESSION_ID if set, else <paramref name="known"/>, else null.</summary>
        public static string? FromEnvironment(string? known = null, Func<string, string?>? environment = null)
        {
            var value = (environment ?? Environment.GetEnvironmentVariable)(Variable);
            if (!string.IsNullOrWhiteSpace(value)) return value!.Trim();
            return string.IsNullOrWhiteSpace(known) ? null : known;
        }

        /// <summary>LLM_SESSION_ID if set, else <paramref name="known"/>, else <see cref="ProcessSession"/>.</summary>
        public static string Resolve(string? known = null, Func<string, string?>? environment = null)
            => FromEnvironment(known, environment) ?? ProcessSession;
    }
}
