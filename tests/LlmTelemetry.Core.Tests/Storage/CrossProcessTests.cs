using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Tests.Storage
{
    /// <summary>Real OS processes writing one store at once (the StoreWriter helper app).</summary>
    public sealed class CrossProcessTests
    {
        [Fact]
        public void Four_processes_appending_five_thousand_each_lose_and_tear_nothing()
        {
            using var t = new TempStore();
            var writers = Enumerable.Range(0, 4).Select(i => StartWriter(t.StoreRoot, 5000, "proc-" + i)).ToList();
            foreach (var p in writers)
            {
                Assert.True(p.WaitForExit(180_000), "writer did not finish in 3 minutes");
                Assert.True(p.ExitCode == 0, "writer failed: " + p.StandardError.ReadToEnd());
            }
            var diagnostics = new ReadDiagnostics(collectDetails: true);
            var records = t.Store.Query(diagnostics: diagnostics).ToList();
            Assert.Equal(0, diagnostics.SkippedLines);
            Assert.Equal(20_000, records.Count);
            for (int i = 0; i < 4; i++)
            {
                var mine = records.Where(r => r.AgentName == "proc-" + i).ToList();
                Assert.Equal(5000, mine.Count);
                Assert.Equal(Enumerable.Range(0, 5000), mine.Select(r => r.Payload!.ToElement().GetProperty("seq").GetInt32()).OrderBy(x => x));
            }
        }

        [Fact]
        public void A_writer_killed_mid_loop_loses_at_most_the_line_it_was_writing()
        {
            using var t = new TempStore();
            var p = StartWriter(t.StoreRoot, -1, "victim");
            // Wait for the writer's own word that 1,500 records are written (about 300 KB), then kill it mid-loop.
            string? line;
            while ((line = p.StandardOutput.ReadLine()) is not null && line != "wrote 1500")
            {
            }
            // Its stderr is read only once it has ended: reading it first would wait for a writer that never stops.
            if (line != "wrote 1500") Assert.Fail("the writer stopped before writing 1,500 records: " + p.StandardError.ReadToEnd());
            p.Kill(); // SIGKILL on Unix: no finally blocks, no flush
            var file = Directory.GetFiles(t.StoreRoot, "telemetry.jsonl", SearchOption.AllDirectories).FirstOrDefault();
            p.WaitForExit();
            Assert.NotNull(file);

            var bytes = File.ReadAllBytes(file!);
            int completeLines = bytes.Count(b => b == (byte)'\n');
            var diagnostics = new ReadDiagnostics();
            var before = t.Store.Query(diagnostics: diagnostics).ToList();
            Assert.True(diagnostics.SkippedLines <= 1, $"skipped {diagnostics.SkippedLines}");
            Assert.True(before.Count >= completeLines, $"{before.Count} records for {completeLines} complete lines");
            // Every record the writer finished is there, in sequence.
            var seqs = before.Select(r => r.Payload!.ToElement().GetProperty("seq").GetInt64()).OrderBy(x => x).ToList();
            Assert.Equal(Enumerable.Range(0, seqs.Count).Select(i => (long)i), seqs);

            var next = t.Store.Append(TempStore.Call(DateTimeOffset.UtcNow));
            var after = new ReadDiagnostics();
            var all = t.Store.Query(diagnostics: after).ToList();
            Assert.Contains(next, all);
            Assert.Equal(before.Count + 1, all.Count);
            Assert.Equal(diagnostics.SkippedLines, after.SkippedLines);
        }

        [Fact]
        public void A_lock_held_by_another_process_times_out_with_a_clear_error()
        {
            using var t = new TempStore(configure: o => o with { LockTimeout = TimeSpan.FromMilliseconds(300) });
            Directory.CreateDirectory(t.StoreRoot);
            using (new FileStream(Path.Combine(t.StoreRoot, ".lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None))
            {
                var ex = Assert.Throws<TelemetryException>(() => t.Store.Append(TempStore.Call(t.Now)));
                Assert.Equal(TelemetryErrorCode.LockTimeout, ex.Code);
                Assert.Contains(".lock", ex.Message);
            }
            t.Store.Append(TempStore.Call(t.Now));
            Assert.Single(t.Store.Query());
        }

        [Fact]
        public async Task An_append_the_OS_refuses_part_way_leaves_no_partial_line()
        {
            // A real refused write, as on a full disk: the kernel's file size limit (RLIMIT_FSIZE, set by the shell's
            // ulimit; SIGXFSZ ignored so the write fails with EFBIG instead of killing the process) stops the writer
            // mid-line at 64 KiB. Every Unix this project runs on has it; Windows has no such limit.
            if (OperatingSystem.IsWindows()) return;
            using var t = new TempStore();
            var psi = WriterStart(t.StoreRoot);
            psi.FileName = "bash";
            psi.ArgumentList.Insert(0, "-c");
            psi.ArgumentList.Insert(1, "trap '' XFSZ; ulimit -f 64; exec dotnet \"$@\"");
            psi.ArgumentList.Insert(2, "store-writer");
            psi.ArgumentList.Add("-1");
            psi.ArgumentList.Add("limited");
            // The runtime's double-mapped code pages are files too, and would hit the limit before the store does.
            psi.Environment["DOTNET_EnableWriteXorExecute"] = "0";
            using var p = Process.Start(psi)!;
            var stderrRead = p.StandardError.ReadToEndAsync();
            Assert.True(p.WaitForExit(120_000), "the writer did not stop at the size limit");
            string stderr = await stderrRead;
            Assert.True(p.ExitCode == 3, $"exit {p.ExitCode}: {stderr}");
            var file = Assert.Single(Directory.GetFiles(t.StoreRoot, "telemetry.jsonl", SearchOption.AllDirectories));
            Assert.Contains(file, stderr);

            var bytes = File.ReadAllBytes(file);
            Assert.True(bytes.Length < 64 * 1024, $"{bytes.Length} bytes: the limit was not reached by a partial write");
            Assert.Equal((byte)'\n', bytes[^1]);
            var diagnostics = new ReadDiagnostics();
            var stored = t.Store.Query(diagnostics: diagnostics).ToList();
            Assert.Equal(0, diagnostics.SkippedLines);
            Assert.Equal(bytes.Count(b => b == (byte)'\n'), stored.Count);
            Assert.Equal(Enumerable.Range(0, stored.Count).Select(i => (long)i), stored.Select(r => r.Payload!.ToElement().GetProperty("seq").GetInt64()).OrderBy(x => x));

            var next = t.Store.Append(TempStore.Call(DateTimeOffset.UtcNow));
            var after = new ReadDiagnostics();
            Assert.Equal(stored.Count + 1, t.Store.Query(diagnostics: after).Count());
            Assert.Equal(0, after.SkippedLines);
        }

        [Fact]
        public async Task Reads_while_another_process_compacts_each_day_count_every_record_once()
        {
            using var t = new TempStore();
            const int compacted = 2000, late = 40;
            var ages = Enumerable.Range(8, 10).ToList();
            foreach (int age in ages)
            {
                var day = t.Now.UtcDateTime.Date.AddDays(-age);
                t.Store.AppendBatch(Enumerable.Range(0, compacted).Select(i => TempStore.Call(new DateTimeOffset(day, TimeSpan.Zero).AddSeconds(i * 20))).ToList());
            }
            t.Store.Maintenance.Run(new MaintenanceOptions { CompactAfterDays = 8, RetentionDays = 3650, MaxSizeMB = 100_000 });
            foreach (int age in ages)
            {
                // Calls that arrive after their day was compacted: the day holds a .jsonl.gz and a .jsonl.
                var day = t.Now.UtcDateTime.Date.AddDays(-age);
                t.Store.AppendBatch(Enumerable.Range(0, late).Select(i => TempStore.Call(new DateTimeOffset(day, TimeSpan.Zero).AddHours(23).AddSeconds(i))).ToList());
                Assert.True(File.Exists(new DayPartition(t.StoreRoot, day).CompactedPath) && File.Exists(new DayPartition(t.StoreRoot, day).DataPath));
            }

            var psi = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { RepoPaths.StoreWriterDll, "maintain", t.StoreRoot, t.Now.ToString("o") }) psi.ArgumentList.Add(a);
            using var helper = Process.Start(psi)!;
            var helperErrors = helper.StandardError.ReadToEndAsync();
            Assert.Equal("ready", helper.StandardOutput.ReadLine());
            int reads = 0;
            foreach (int age in ages.OrderByDescending(a => a))
            {
                // Oldest first, so each run compacts exactly this day while the loop below keeps reading it.
                var day = new DateTimeOffset(t.Now.UtcDateTime.Date.AddDays(-age), TimeSpan.Zero);
                var query = new RecordQuery { Range = new DateRange(day.UtcDateTime, day.UtcDateTime, TimeZoneInfo.Utc) };
                helper.StandardInput.WriteLine("compact " + age);
                helper.StandardInput.Flush();
                var done = helper.StandardOutput.ReadLineAsync();
                do
                {
                    var diagnostics = new ReadDiagnostics();
                    int count = t.Store.Query(query, diagnostics).Count();
                    Assert.True(count == compacted + late, $"read {reads} of {day:yyyy-MM-dd} saw {count} records, not {compacted + late}");
                    Assert.Equal(0, diagnostics.SkippedLines);
                    reads++;
                }
                while (!done.IsCompleted);
                Assert.Equal("done " + age, await done.WaitAsync(TimeSpan.FromSeconds(60)));
                Assert.False(File.Exists(new DayPartition(t.StoreRoot, day.UtcDateTime).DataPath));
            }
            helper.StandardInput.Close();
            Assert.True(helper.WaitForExit(60_000));
            Assert.True(helper.ExitCode == 0, await helperErrors);
            Assert.Equal(ages.Count * (compacted + late), t.Store.Query().Count());
            Assert.True(reads >= ages.Count, $"{reads} reads");
        }

        private static ProcessStartInfo WriterStart(string root)
        {
            var dll = RepoPaths.StoreWriterDll;
            Assert.True(File.Exists(dll), "helper not built: " + dll);
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add(dll);
            psi.ArgumentList.Add(root);
            psi.Environment["LLM_TELEMETRY_CONFIG_DIR"] = Path.Combine(root, "..", "config");
            return psi;
        }

        private static Process StartWriter(string root, long count, string name)
        {
            var dll = RepoPaths.StoreWriterDll;
            Assert.True(File.Exists(dll), "helper not built: " + dll);
            var psi = new ProcessStartInfo("dotnet")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            psi.ArgumentList.Add(dll);
            psi.ArgumentList.Add(root);
            psi.ArgumentList.Add(count.ToString());
            psi.ArgumentList.Add(name);
            psi.Environment["LLM_TELEMETRY_CONFIG_DIR"] = Path.Combine(root, "..", "config");
            return Process.Start(psi)!;
        }
    }
}
