using System;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading.Tasks;

namespace LlmTelemetry.Budgets
{
    /// <summary>
    /// Runs the user's alert hook: their own command line from their config, through /bin/sh -c (cmd.exe /c on
    /// Windows) so it can be a pipeline ("notify-send Budget", "curl -d @- https://chat/webhook"). The alert goes only
    /// on stdin, never into the command line, so nothing in it can be run. The wait is bounded; a hook that fails,
    /// hangs or cannot start becomes a warning naming it, never an error of the call that raised the alert.
    /// </summary>
    public static class BudgetHook
    {
        public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

        /// <summary>One argument as the MSVCRT rules (which .NET applies on every OS) read it back: quoted, backslashes before quotes doubled.</summary>
        internal static string Quote(string text)
        {
            var sb = new StringBuilder("\"");
            int backslashes = 0;
            foreach (char c in text)
            {
                if (c == '\\') { backslashes++; continue; }
                if (c == '"') sb.Append('\\', backslashes * 2 + 1);
                else sb.Append('\\', backslashes);
                backslashes = 0;
                sb.Append(c);
            }
            sb.Append('\\', backslashes * 2).Append('"');
            return sb.ToString();
        }

        /// <summary>Runs <paramref name="command"/> with <paramref name="stdin"/>; returns null when it exits 0, else the warning to show.</summary>
        public static string? Run(string command, string stdin, TimeSpan? timeout = null)
        {
            if (string.IsNullOrWhiteSpace(command)) throw new ArgumentException("the hook command is empty", nameof(command));
            var wait = timeout ?? DefaultTimeout;
            bool windows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);
            // netstandard2.0 has no ArgumentList: the command becomes one argument in the quoting .NET parses back
            // (on Unix too); cmd.exe takes the rest of its line as the command, so it gets the text as written.
            var start = new ProcessStartInfo(windows ? "cmd.exe" : "/bin/sh", windows ? "/d /s /c \"" + command + "\"" : "-c " + Quote(command))
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                // Its output would otherwise land in ours (a --json listing, the status line): kept for the warning only.
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                CreateNoWindow = true,
            };
            Process process;
            try
            {
                process = Process.Start(start) ?? throw new InvalidOperationException("no process was started");
            }
            catch (Exception ex) when (ex is System.ComponentModel.Win32Exception || ex is InvalidOperationException)
            {
                return $"budget hook '{command}' could not start: {ex.Message}";
            }
            using (process)
            {
                var stderr = new StringBuilder();
                process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (stderr) { if (stderr.Length < 2000) stderr.AppendLine(e.Data); } };
                process.OutputDataReceived += (_, _) => { };
                process.BeginErrorReadLine();
                process.BeginOutputReadLine();
                try
                {
                    process.StandardInput.Write(stdin);
                    process.StandardInput.Close();
                }
                catch (System.IO.IOException)
                {
                    // A hook that does not read stdin (exits at once) closes the pipe first; its exit code still decides.
                }
                if (!process.WaitForExit((int)Math.Min(int.MaxValue, wait.TotalMilliseconds)))
                {
                    try { process.Kill(); } catch (InvalidOperationException) { }
                    return $"budget hook '{command}' did not finish within {wait.TotalSeconds:0.#} s and was stopped";
                }
                process.WaitForExit();
                if (process.ExitCode == 0) return null;
                string detail;
                lock (stderr) detail = stderr.ToString().Trim();
                return $"budget hook '{command}' failed with exit code {process.ExitCode}" + (detail.Length == 0 ? "" : ": " + detail);
            }
        }
    }
}
