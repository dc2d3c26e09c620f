using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LlmTelemetry.Queries;
using LlmTelemetry.Storage;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Tests.History
{
    /// <summary>
    /// The raw-to-history step is killed with SIGKILL at 20 points of a prune (after the k-th day's rollup lands,
    /// wherever the process is then: writing the next rollup, deleting a folder). After each kill every day is
    /// still answered once, from its raw records or from its history, and the totals are what they were; a prune
    /// run again afterwards finishes the job and changes no total either.
    /// </summary>
    public sealed class ArchiveCrashTests
    {
        private const int Days = 45, Retention = 15, Archived = Days - Retention;

        [Fact]
        public async Task Killing_the_archive_step_anywhere_loses_no_day_and_counts_none_twice()
        {
            var rng = new Random(2026);
            string? expected = null;
            int interrupted = 0, leftovers = 0;
            for (int run = 0; run < 20; run++)
            {
                using var t = PruneKeepsAnswersTests.GenerateDays(Days, 25);
                expected ??= Answer(t.Store);
                Assert.Equal(expected, Answer(t.Store));

                int killAfter = rng.Next(1, Archived + 1);
                int landed = await KillAfterRollups(t, killAfter);
                Assert.True(landed >= killAfter, $"run {run}: {landed} rollups landed before the kill, expected {killAfter}");

                var reopened = t.Reopen();
                var raw = reopened.Days().Select(d => d.Day).ToList();
                var history = reopened.History.Days();
                Assert.Empty(raw.Intersect(history));
                Assert.Equal(Days, raw.Count + history.Count);
                Assert.True(history.Count >= killAfter, $"run {run}: {history.Count} history days after the kill at {killAfter}");
                Assert.Equal(expected, Answer(reopened));
                if (history.Count < Archived) interrupted++;
                if (reopened.AllDayFolders().Count > raw.Count) leftovers++;

                reopened.Maintenance.Run(new MaintenanceOptions { RetentionDays = Retention, CompactAfterDays = 3650 });
                Assert.Equal(Retention, reopened.Days().Count);
                Assert.Equal(Archived, reopened.History.Days().Count);
                Assert.Equal(Retention, Directory.GetDirectories(t.StoreRoot).Count(d => DayPartition.TryParseName(Path.GetFileName(d), out _)));
                Assert.Equal(expected, Answer(t.Reopen()));
            }
            // The kills landed inside the prune, not after it (which would test nothing).
            Assert.True(interrupted >= 10, $"only {interrupted} of 20 kills stopped the prune part way ({leftovers} left a raw folder beside its history)");
        }

        /// <summary>Totals and the per-day rows, every figure as text.</summary>
        private static string Answer(TelemetryStore store)
        {
            var report = CostReporter.Run(store, new RecordQuery { Zone = TimeZoneInfo.Utc }, new[] { GroupKey.Day, GroupKey.Model });
            return string.Join("\n", report.Rows.Select(PruneKeepsAnswersTests.Describe)) + "\n" + PruneKeepsAnswersTests.Describe(report.Total);
        }

        /// <summary>Runs a prune in another process and SIGKILLs it as soon as the k-th history rollup is renamed into place.</summary>
        private static async Task<int> KillAfterRollups(TempStore t, int k)
        {
            string folder = Path.Combine(t.StoreRoot, HistoryStore.FolderName);
            Directory.CreateDirectory(folder);
            int landed = 0;
            var reached = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            using var watcher = new FileSystemWatcher(folder) { NotifyFilter = NotifyFilters.FileName, IncludeSubdirectories = false };
            void Landed(string path)
            {
                if (!path.EndsWith(HistoryStore.Suffix, StringComparison.Ordinal)) return;
                if (Interlocked.Increment(ref landed) >= k) reached.TrySetResult(true);
            }
            watcher.Created += (_, e) => Landed(e.FullPath);
            watcher.Renamed += (_, e) => Landed(e.FullPath);
            watcher.EnableRaisingEvents = true;

            var psi = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { RepoPaths.StoreWriterDll, "maintain", t.StoreRoot, t.Now.ToString("o") }) psi.ArgumentList.Add(a);
            using var helper = Process.Start(psi)!;
            var errors = helper.StandardError.ReadToEndAsync();
            Assert.Equal("ready", await helper.StandardOutput.ReadLineAsync());
            var done = helper.StandardOutput.ReadLineAsync();
            helper.StandardInput.WriteLine("archive " + Retention);
            helper.StandardInput.Flush();
            var first = await Task.WhenAny(reached.Task, done, Task.Delay(TimeSpan.FromSeconds(120)));
            helper.Kill(); // SIGKILL: no finally blocks, no flush
            Assert.True(helper.WaitForExit(60_000));
            watcher.EnableRaisingEvents = false;
            if (first == done) Assert.Equal("done archive " + Retention, await done); // it finished first: a valid end point too
            else Assert.True(first == reached.Task, "the prune neither archived " + k + " days nor finished: " + await errors);
            return Math.Max(Volatile.Read(ref landed), first == done ? Archived : 0);
        }
    }
}
