using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using LlmTelemetry.Configuration;
using LlmTelemetry.Records;

namespace LlmTelemetry.Internal
{
    /// <summary>
    /// The daily job that runs `Remove-LlmTelemetry -ApplyRetention`: the Task Scheduler arguments on Windows and the
    /// crontab line elsewhere, and merging that line into (or out of) a user's existing crontab. Only the module
    /// schedules the job, so this lives here rather than in the core; <see cref="RetentionScheduler"/> runs schtasks.exe
    /// or `crontab -l` / `crontab -` with what this returns.
    /// </summary>
    internal static class RetentionSchedule
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

        /// <summary>
        /// The variables a scheduled job needs to act on the same store with the same settings as the shell that
        /// registered it: cron starts jobs with HOME, SHELL and PATH=/usr/bin:/bin only, so a store or config folder
        /// moved by a variable, or a dotnet found through DOTNET_ROOT, would be missed. API keys are never copied.
        /// </summary>
        public static readonly IReadOnlyList<string> JobEnvironmentVariables = new[]
        {
            "HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "DOTNET_ROOT",
            TelemetrySettings.DirectoryVariable, ConfigPaths.ConfigDirectoryVariable,
            TelemetrySettings.RetentionVariable, TelemetrySettings.MaxSizeVariable,
        };

        /// <summary>"17 3 * * * '/usr/bin/pwsh' -NoProfile -NonInteractive -Command '…' # LlmTelemetry retention".</summary>
        public static string CronLine(string pwshPath, string module, TimeSpan? at = null)
            => CronLine(new[] { pwshPath }, module, at, null);

        /// <summary>
        /// The crontab line. <paramref name="launcher"/> is the executable and its leading arguments (pwsh alone, or
        /// dotnet and pwsh.dll for PowerShell installed as a .NET tool), each an absolute path so that cron's minimal
        /// PATH does not matter; <paramref name="environment"/> is set for the job's command only.
        /// </summary>
        public static string CronLine(IReadOnlyList<string> launcher, string module, TimeSpan? at, IEnumerable<KeyValuePair<string, string>>? environment)
        {
            var time = CheckTime(at ?? DefaultTime);
            CheckLauncher(launcher);
            CheckSingleLine("module", module);
            var command = new StringBuilder();
            foreach (var pair in environment ?? Enumerable.Empty<KeyValuePair<string, string>>())
            {
                if (!IsVariableName(pair.Key)) throw new TelemetryValidationException("environment", pair.Key, "is not a variable name a POSIX shell accepts");
                CheckSingleLine(pair.Key, pair.Value);
                command.Append(pair.Key).Append('=').Append(ShellQuote(pair.Value)).Append(' ');
            }
            command.Append(string.Join(" ", launcher.Select(ShellQuote)));
            command.Append(" -NoProfile -NonInteractive -Command ").Append(ShellQuote(PowerShellCommand(module)));
            // cron turns an unescaped % into a newline.
            return string.Format(CultureInfo.InvariantCulture, "{0} {1} * * * {2} {3}", time.Minutes, time.Hours, command.Replace("%", "\\%"), CronMarker);
        }

        /// <summary>The command part of one of our crontab lines, as cron hands it to /bin/sh (its \% read back as %).</summary>
        public static string CronCommand(string line)
        {
            if (line is null) throw new ArgumentNullException(nameof(line));
            var trimmed = line.TrimEnd();
            if (!trimmed.EndsWith(CronMarker, StringComparison.Ordinal)) throw new TelemetryValidationException("line", line, "is not an LlmTelemetry retention line");
            var fields = trimmed.Substring(0, trimmed.Length - CronMarker.Length).TrimEnd().Split(new[] { ' ' }, 6);
            if (fields.Length < 6) throw new TelemetryValidationException("line", line, "has no command after the five schedule fields");
            return fields[5].Replace("\\%", "%");
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

        /// <summary>The schtasks.exe command line (one string: netstandard2.0 has no ArgumentList) that creates or replaces the daily task.</summary>
        public static string SchtasksCreateArguments(string powerShellPath, string module, TimeSpan? at = null)
            => SchtasksCreateArguments(new[] { powerShellPath }, module, at);

        public static string SchtasksCreateArguments(IReadOnlyList<string> launcher, string module, TimeSpan? at = null)
        {
            var time = CheckTime(at ?? DefaultTime);
            string run = TaskCommand(launcher, module);
            return "/Create /F /SC DAILY /TN " + TaskName + " /ST " + time.ToString("hh\\:mm", CultureInfo.InvariantCulture) + " /TR " + WindowsQuote(run);
        }

        /// <summary>What the task runs; falls back to importing the module by name when a long path would pass the /TR limit.</summary>
        public static string TaskCommand(string powerShellPath, string module) => TaskCommand(new[] { powerShellPath }, module);

        public static string TaskCommand(IReadOnlyList<string> launcher, string module)
        {
            CheckLauncher(launcher);
            string powerShellPath = launcher[0];
            string shell = string.Join(" ", launcher.Select(WindowsQuote));
            string Build(string m) => shell + " -NoProfile -NonInteractive -WindowStyle Hidden -Command " + WindowsQuote(PowerShellCommand(m));
            string run = Build(module);
            if (run.Length > MaxTaskCommandLength) run = Build("LlmTelemetry");
            if (run.Length > MaxTaskCommandLength)
                throw new TelemetryValidationException("powerShellPath", powerShellPath,
                    $"makes the task command longer than schtasks allows ({MaxTaskCommandLength} characters)");
            return run;
        }

        public static string SchtasksDeleteArguments() => "/Delete /F /TN " + TaskName;

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

        private static void CheckLauncher(IReadOnlyList<string> launcher)
        {
            if (launcher is null || launcher.Count == 0) throw new TelemetryValidationException("powerShellPath", null, "is required");
            foreach (var part in launcher) CheckSingleLine("powerShellPath", part);
        }

        private static bool IsVariableName(string name)
            => !string.IsNullOrEmpty(name) && (char.IsLetter(name[0]) || name[0] == '_') && name.All(c => c == '_' || (c < 128 && char.IsLetterOrDigit(c)));

        private static void CheckSingleLine(string field, string value)
        {
            if (string.IsNullOrWhiteSpace(value)) throw new TelemetryValidationException(field, value, "is required");
            if (value.IndexOfAny(new[] { '\n', '\r' }) >= 0) throw new TelemetryValidationException(field, value, "must be on one line");
        }
    }
}
