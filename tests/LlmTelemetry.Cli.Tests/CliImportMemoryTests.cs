using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using LlmTelemetry.Tests.Importers;
using Xunit;

namespace LlmTelemetry.Cli.Tests
{
    /// <summary>
    /// The memory an import takes, measured on the native CLI as a whole process (GNU time's peak resident set).
    /// Importing used to hold every call (about 1 KB each: 745 MB for a 600 MB log of 773k calls); the first pass now
    /// keeps 48 bytes a call and the store's index 28, so a log of 200,000 calls (about 120 MB) stays far below the
    /// 200 MB the old import needed for it.
    /// </summary>
    public sealed class CliImportMemoryTests
    {
        private const string GnuTime = "/usr/bin/time";

        [Fact]
        public async System.Threading.Tasks.Task Importing_a_long_log_keeps_a_few_dozen_bytes_a_call_not_the_calls()
        {
            Assert.True(File.Exists(GnuTime), $"{GnuTime} is missing: install Debian's 'time' package (.ci/run does)");
            using var sandbox = new CliSandbox();
            var generator = new ClaudeCodeTreeGenerator(3);
            var log = Path.Combine(sandbox.Root, "claude", "projects", "-home-user-src-long", "long.jsonl");
            generator.GenerateLongSession(log, calls: 200_000, start: DateTimeOffset.UtcNow.AddDays(-20));
            File.SetLastWriteTimeUtc(log, DateTime.UtcNow.AddHours(-1));

            var psi = sandbox.Start(new[] { "import", "claude-code", "--path", Path.Combine(sandbox.Root, "claude"), "--json", "--dir", sandbox.Store });
            // GNU time runs the CLI and reports its peak resident set size in KiB on the last line of stderr.
            psi.ArgumentList.Insert(0, psi.FileName);
            psi.ArgumentList.Insert(0, "%M");
            psi.ArgumentList.Insert(0, "-f");
            psi.FileName = GnuTime;
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            Assert.True(p.WaitForExit(300_000), "the import did not finish in 5 minutes");
            string output = await stdout, errors = await stderr;
            Assert.True(p.ExitCode == 0, $"exit {p.ExitCode}\n{errors}");

            using var json = System.Text.Json.JsonDocument.Parse(output);
            Assert.Equal(generator.Calls, json.RootElement.GetProperty("added").GetInt64());
            long peakKiB = long.Parse(errors.Trim().Split('\n').Last(), System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(peakKiB < 110 * 1024, $"importing {generator.Calls:N0} calls ({generator.Bytes / 1e6:F0} MB) peaked at {peakKiB / 1024} MiB");
        }
    }
}
