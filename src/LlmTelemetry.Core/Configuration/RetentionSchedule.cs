using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using LlmTelemetry.Records;

namespace LlmTelemetry.Configuration
{
    /// <summary>
    /// The daily job that runs `Remove-LlmTelemetry -ApplyRetention`: the Task Scheduler arguments on Windows and the
    /// crontab line elsewhere, and merging that line into (or out of) a user's existing crontab. Front ends only run
    /// schtasks.exe or `crontab -l` / `crontab -` with what this returns.
    /// </summary>
    public static class RetentionSchedule
    {
        public const string TaskName = "LlmTelemetryRetention";

        /// <summary>Ends our crontab line so that it can be found and replaced without touching the user's other lines.</summary>
        public const string CronMarker = "# LlmTelemetry retention";

        /// <summary>schtasks /TR is limited to 261 characters.</summary>
        public const int MaxTaskCommandLength = 261;

        public static readonly TimeSpan DefaultTime = new TimeSpan(3, 17, 0);

        /// <summary>The PowerShell command the job runs. <paramref name="module"/> is a manifest path or the module name.</summary>
        public static string PowerShellCommand(string module)
        {
            if (string.IsNullOrWhiteSpace(module)) throw new TelemetryValidationException("module", module, "is required");
            return "Import-Module " + PowerShellLiteral(module) + "; Remove-LlmTelemetry -ApplyRetention -Confirm:$false";
        }

        /// <summary>"17 3 * * * '/usr/bin/pwsh' -NoProfile -NonInteractive -Command '…' # LlmTelemetry retention".</summary>
        public static string CronLine(string pwshPath, string module, TimeSpan? at = null)
        {
            var time = CheckTime(at ?? DefaultTime);
            CheckSingleLine("pwshPath", pwshPath);
            CheckSingleLine("module", module);
            string command = ShellQuote(pwshPath) + " -NoProfile -NonInteractive -Command " + ShellQuote(PowerShellCommand(module));
            // cron turns an unescaped % into a newline.
            command = command.Replace("%", "\\%");
            return string.Format(CultureInfo.InvariantCulture, "{0} {1} * * * {2} {3}", time.Minutes, time.Hours, command, CronMarker);
        }

        /// <summary>The crontab text with our line replaced (or added), the user's other lines kept as they were.</summary>
        public static string MergeCrontab(string? existing, string line)
        {
            if (line is null) throw new ArgumentNullException(nameof(line));
            var lines = WithoutOurs(existing, out _);
            lines.Add(line);
            return Join(lines);
        }

        /// <summary>The crontab text without our line; <paramref name="removed"/> says whether there was one.</summary>
        public static string RemoveFromCrontab(string? existing, out bool removed)
            => Join(WithoutOurs(existing, out removed));

        /// <summary>Does the crontab text hold our line?</summary>
        public static bool IsInCrontab(string? existing)
        {
            WithoutOurs(existing, out bool found);
            return found;
        }

        /// <summary>The schtasks.exe command line (one string: netstandard2.0 has no ArgumentList) that creates or replaces the daily task.</summary>
        public static string SchtasksCreateArguments(string powerShellPath, string module, TimeSpan? at = null)
        {
            var time = CheckTime(at ?? DefaultTime);
            string run = TaskCommand(powerShellPath, module);
            return "/Create /F /SC DAILY /TN " + TaskName + " /ST " + time.ToString("hh\\:mm", CultureInfo.InvariantCulture) + " /TR " + WindowsQuote(run);
        }

        /// <summary>What the task runs; falls back to importing the module by name when a long path would pass the /TR limit.</summary>
        public static string TaskCommand(string powerShellPath, string module)
        {
            CheckSingleLine("powerShellPath", powerShellPath);
            string Build(string m) => WindowsQuote(powerShellPath) + " -NoProfile -NonInteractive -WindowStyle Hidden -Command " + WindowsQuote(PowerShellCommand(m));
            string run = Build(module);
            if (run.Length > MaxTaskCommandLength) run = Build("LlmTelemetry");
            if (run.Length > MaxTaskCommandLength)
                throw new TelemetryValidationException("powerShellPath", powerShellPath,
                    $"makes the task command longer than schtasks allows ({MaxTaskCommandLength} characters)");
            return run;
        }

        public static string SchtasksDeleteArguments() => "/Delete /F /TN " + TaskName;

        public static string SchtasksQueryArguments() => "/Query /TN " + TaskName;

        /// <summary>A PowerShell string literal: single-quoted, embedded quotes doubled (no variable expansion).</summary>
        internal static string PowerShellLiteral(string text) => "'" + text.Replace("'", "''") + "'";

        /// <summary>A POSIX shell single-quoted word.</summary>
        internal static string ShellQuote(string text) => "'" + text.Replace("'", "'\\''") + "'";

        /// <summary>Quotes one argument the way CommandLineToArgvW and the C runtime read it back.</summary>
        internal static string WindowsQuote(string arg)
        {
            if (arg.Length > 0 && arg.IndexOfAny(new[] { ' ', '\t', '"' }) < 0) return arg;
            var sb = new StringBuilder("\"");
            int backslashes = 0;
            foreach (char c in arg)
            {
                if (c == '\\') { backslashes++; continue; }
                if (c == '"')
                {
                    sb.Append('\\', backslashes * 2 + 1).Append('"');
                }
                else
                {
                    sb.Append('\\', backslashes).Append(c);
                }
                backslashes = 0;
            }
            sb.Append('\\', backslashes * 2).Append('"');
            return sb.ToString();
        }

        private static List<string> WithoutOurs(string? existing, out bool removed)
        {
            removed = false;
            var kept = new List<string>();
            if (string.IsNullOrEmpty(existing)) return kept;
            foreach (var line in existing!.Replace("\r\n", "\n").Split('\n'))
            {
                if (line.TrimEnd().EndsWith(CronMarker, StringComparison.Ordinal)) { removed = true; continue; }
                kept.Add(line);
            }
            // Split leaves one empty entry after the final newline; trailing blank lines are not the user's content.
            while (kept.Count > 0 && kept[kept.Count - 1].Length == 0) kept.RemoveAt(kept.Count - 1);
            return kept;
        }

        private static string Join(List<string> lines) => lines.Count == 0 ? "" : string.Join("\n", lines) + "\n";

        private static TimeSpan CheckTime(TimeSpan at)
        {
            if (at < TimeSpan.Zero || at >= TimeSpan.FromDays(1) || at.Seconds != 0 || at.Milliseconds != 0)
                throw new TelemetryValidationException("At", at.ToString("c", CultureInfo.InvariantCulture), "must be a time of day in whole minutes (00:00 to 23:59)");
            return at;
        }

        private static void CheckSingleLine(string field, string value)
        {
            if (string.IsNullOrWhiteSpace(value)) throw new TelemetryValidationException(field, value, "is required");
            if (value.IndexOfAny(new[] { '\n', '\r' }) >= 0) throw new TelemetryValidationException(field, value, "must be on one line");
        }
    }
}
