using System;
using System.Collections.Generic;
using LlmTelemetry.Internal;
using LlmTelemetry.Records;
using Xunit;

namespace LlmTelemetry.PowerShell.Tests
{
    /// <summary>
    /// The module's scheduling command lines, called directly: unlike the rest of this project, these tests run the
    /// built module assembly's code (RetentionSchedule touches no PowerShell type, so it runs without a host).
    /// </summary>
    public sealed class RetentionScheduleTests
    {
        [Fact]
        public void The_cron_line_runs_daily_at_the_given_time_and_quotes_paths_for_the_shell()
        {
            var line = RetentionSchedule.CronLine("/usr/bin/pwsh", "/home/ann/My Modules/LlmTelemetry.psd1", new TimeSpan(2, 5, 0));
            Assert.Equal("5 2 * * * '/usr/bin/pwsh' -NoProfile -NonInteractive -Command 'Import-Module '\\''/home/ann/My Modules/LlmTelemetry.psd1'\\''; Remove-LlmTelemetry -ApplyRetention -Confirm:$false' # LlmTelemetry retention", line);
        }

        [Fact]
        public void A_dotnet_tool_pwsh_runs_as_dotnet_and_pwsh_dll_with_the_sessions_settings_set_for_the_command()
        {
            var line = RetentionSchedule.CronLine(new[] { "/usr/share/dotnet/dotnet", "/home/ann/.nuget/packages/powershell/7.6.9/tools/net10.0/any/unix/pwsh.dll" },
                "/opt/m/LlmTelemetry.psd1", new TimeSpan(3, 17, 0),
                new[] { new KeyValuePair<string, string>("HOME", "/home/ann"), new KeyValuePair<string, string>("LLM_TELEMETRY_DIR", "/data/ann's store") });
            Assert.Equal("17 3 * * * HOME='/home/ann' LLM_TELEMETRY_DIR='/data/ann'\\''s store' '/usr/share/dotnet/dotnet' '/home/ann/.nuget/packages/powershell/7.6.9/tools/net10.0/any/unix/pwsh.dll'"
                + " -NoProfile -NonInteractive -Command 'Import-Module '\\''/opt/m/LlmTelemetry.psd1'\\''; Remove-LlmTelemetry -ApplyRetention -Confirm:$false' # LlmTelemetry retention", line);
        }

        [Fact]
        public void The_command_read_back_from_a_line_is_what_cron_gives_the_shell()
        {
            var line = RetentionSchedule.CronLine(new[] { "/usr/bin/pwsh" }, "/data/100%/LlmTelemetry.psd1", null,
                new[] { new KeyValuePair<string, string>("LLM_RETENTION_DAYS", "30") });
            Assert.Equal("LLM_RETENTION_DAYS='30' '/usr/bin/pwsh' -NoProfile -NonInteractive -Command 'Import-Module '\\''/data/100%/LlmTelemetry.psd1'\\''; Remove-LlmTelemetry -ApplyRetention -Confirm:$false'",
                RetentionSchedule.CronCommand(line));
            Assert.Equal("line", Assert.Throws<TelemetryValidationException>(() => RetentionSchedule.CronCommand("0 4 * * * backup.sh")).Field);
        }

        [Theory]
        [InlineData("1HOME", "/x")]
        [InlineData("HO ME", "/x")]
        [InlineData("HOME", "/x\n/y")]
        public void A_variable_the_shell_cannot_take_on_one_line_is_refused(string name, string value)
        {
            var ex = Assert.Throws<TelemetryValidationException>(() => RetentionSchedule.CronLine(new[] { "/usr/bin/pwsh" }, "m", null,
                new[] { new KeyValuePair<string, string>(name, value.Replace("\\n", "\n")) }));
            Assert.Contains(name, ex.Message);
        }

        [Fact]
        public void The_job_copies_store_and_retention_settings_but_never_an_api_key()
        {
            Assert.Contains("LLM_TELEMETRY_DIR", RetentionSchedule.JobEnvironmentVariables);
            Assert.Contains("LLM_RETENTION_DAYS", RetentionSchedule.JobEnvironmentVariables);
            Assert.DoesNotContain(RetentionSchedule.JobEnvironmentVariables, v => v.Contains("KEY"));
        }

        [Fact]
        public void Percent_signs_are_escaped_because_cron_reads_them_as_newlines()
        {
            var line = RetentionSchedule.CronLine("/usr/bin/pwsh", "/data/100%/LlmTelemetry.psd1");
            Assert.Contains("/data/100\\%/", line);
            Assert.StartsWith("17 3 * * * ", line);
        }

        [Fact]
        public void Merging_replaces_our_line_and_keeps_every_other_line()
        {
            const string existing = "MAILTO=ann\n0 * * * * backup.sh\n1 1 * * * old-command # LlmTelemetry retention\n";
            var line = RetentionSchedule.CronLine("/usr/bin/pwsh", "LlmTelemetry");
            var merged = RetentionSchedule.MergeCrontab(existing, line);
            Assert.Equal("MAILTO=ann\n0 * * * * backup.sh\n" + line + "\n", merged);
            Assert.Equal(merged, RetentionSchedule.MergeCrontab(merged, line));
            RetentionSchedule.RemoveFromCrontab(merged, out bool found);
            Assert.True(found);
        }

        [Fact]
        public void Merging_into_an_empty_crontab_gives_just_our_line()
        {
            var line = RetentionSchedule.CronLine("/usr/bin/pwsh", "LlmTelemetry");
            Assert.Equal(line + "\n", RetentionSchedule.MergeCrontab(null, line));
            Assert.Equal(line + "\n", RetentionSchedule.MergeCrontab("", line));
            RetentionSchedule.RemoveFromCrontab("", out bool found);
            Assert.False(found);
        }

        [Fact]
        public void Removing_takes_out_only_our_line_and_says_whether_it_was_there()
        {
            var line = RetentionSchedule.CronLine("/usr/bin/pwsh", "LlmTelemetry");
            var text = RetentionSchedule.RemoveFromCrontab("0 * * * * backup.sh\r\n" + line + "\n", out bool removed);
            Assert.True(removed);
            Assert.Equal("0 * * * * backup.sh\n", text);
            Assert.Equal("0 * * * * backup.sh\n", RetentionSchedule.RemoveFromCrontab(text, out bool again));
            Assert.False(again);
        }

        [Fact]
        public void Schtasks_arguments_create_a_daily_task_with_the_command_quoted_for_windows()
        {
            var args = RetentionSchedule.SchtasksCreateArguments(@"C:\Program Files\PowerShell\7\pwsh.exe", @"C:\Mods\LlmTelemetry\LlmTelemetry.psd1", new TimeSpan(4, 30, 0));
            Assert.StartsWith("/Create /F /SC DAILY /TN LlmTelemetryRetention /ST 04:30 /TR \"", args);
            Assert.Contains("\\\"C:\\Program Files\\PowerShell\\7\\pwsh.exe\\\" -NoProfile -NonInteractive -WindowStyle Hidden -Command", args);
            Assert.Contains("Import-Module 'C:\\Mods\\LlmTelemetry\\LlmTelemetry.psd1'; Remove-LlmTelemetry -ApplyRetention", args);
            Assert.Equal("/Delete /F /TN LlmTelemetryRetention", RetentionSchedule.SchtasksDeleteArguments());
        }

        [Fact]
        public void A_long_module_path_falls_back_to_importing_by_name()
        {
            var run = RetentionSchedule.TaskCommand(@"C:\Windows\System32\WindowsPowerShell\v1.0\powershell.exe", @"C:\" + new string('x', 200) + @"\LlmTelemetry.psd1");
            Assert.Contains("Import-Module 'LlmTelemetry'", run);
            Assert.True(run.Length <= RetentionSchedule.MaxTaskCommandLength);
        }

        [Fact]
        public void Windows_quoting_doubles_backslashes_only_before_quotes()
        {
            Assert.Equal("plain", RetentionSchedule.WindowsQuote("plain"));
            Assert.Equal("\"a b\"", RetentionSchedule.WindowsQuote("a b"));
            Assert.Equal("\"a\\\\\\\"b\"", RetentionSchedule.WindowsQuote("a\\\"b"));
            Assert.Equal("\"C:\\dir with space\\\\\"", RetentionSchedule.WindowsQuote("C:\\dir with space\\"));
        }

        [Fact]
        public void A_time_with_seconds_or_past_midnight_is_rejected_naming_At()
        {
            Assert.Equal("At", Assert.Throws<TelemetryValidationException>(() => RetentionSchedule.CronLine("/usr/bin/pwsh", "m", new TimeSpan(3, 0, 30))).Field);
            Assert.Equal("At", Assert.Throws<TelemetryValidationException>(() => RetentionSchedule.CronLine("/usr/bin/pwsh", "m", TimeSpan.FromHours(24))).Field);
        }
    }
}
