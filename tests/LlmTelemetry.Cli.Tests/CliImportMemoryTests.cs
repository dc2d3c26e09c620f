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
    /// Importing used to hold every call (about 1 KB each: 745 MB for a 600 MB log of 773k calls), then a few dozen
    /// bytes a call; now the first pass's calls wait on disk, the best versions are chosen a bounded share at a time,
    /// and the store's id index is bounded too, so the peak stops growing with the log: four times the calls may add
    /// no more than a few MB.
    /// </summary>
    public sealed class CliImportMemoryTests
    {
        private const string GnuTime = "/usr/bin/time";

        [Fact]
        public async System.Threading.Tasks.Task An_import_s_peak_memory_stays_flat_as_the_log_grows()
        {
            Assert.True(File.Exists(GnuTime), $"{GnuTime} is missing: install Debian's 'time' package (.ci/run does)");
            var small = await ImportPeak(150_000);
            var large = await ImportPeak(600_000);
            // The old import grew by about 115 bytes a call: 50 MB more for the larger log. Now it is the same few blocks.
            Assert.True(large.PeakKiB - small.PeakKiB < 16 * 1024,
                $"{small.Calls:N0} calls ({small.Mb:F0} MB) peaked at {small.PeakKiB / 1024} MiB, {large.Calls:N0} calls ({large.Mb:F0} MB) at {large.PeakKiB / 1024} MiB");
            Assert.True(large.PeakKiB < 110 * 1024, $"importing {large.Calls:N0} calls ({large.Mb:F0} MB) peaked at {large.PeakKiB / 1024} MiB");
        }

        private static async System.Threading.Tasks.Task<(long Calls, double Mb, long PeakKiB)> ImportPeak(int calls)
        {
            using var sandbox = new CliSandbox();
            var generator = new ClaudeCodeTreeGenerator(3);
            var log = Path.Combine(sandbox.Root, "claude", "projects", "-home-user-src-long", "long.jsonl");
            generator.GenerateLongSession(log, calls, start: DateTimeOffset.UtcNow.AddDays(-20));
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
            return (generator.Calls, generator.Bytes / 1e6, peakKiB);
        }
    }
}
