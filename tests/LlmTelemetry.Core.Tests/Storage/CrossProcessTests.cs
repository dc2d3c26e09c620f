using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Threading;
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
            var deadline = DateTime.UtcNow.AddSeconds(60);
            string? file = null;
            while (DateTime.UtcNow < deadline)
            {
                file = Directory.Exists(t.StoreRoot) ? Directory.GetFiles(t.StoreRoot, "telemetry.jsonl", SearchOption.AllDirectories).FirstOrDefault() : null;
                if (file is not null && new FileInfo(file).Length > 200_000) break;
                Thread.Sleep(20);
            }
            p.Kill(); // SIGKILL on Unix: no finally blocks, no flush
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
