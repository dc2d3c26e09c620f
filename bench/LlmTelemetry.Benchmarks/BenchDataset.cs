using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using LlmTelemetry.Configuration;
using LlmTelemetry.Demo;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Benchmarks
{
    /// <summary>
    /// The benchmark datasets: generated once into a folder (LLMT_BENCH_DATA or the temp folder) and reused,
    /// so anyone can rerun the figures. 1,000,000 records over 180 days is about 300 MB of JSONL.
    /// </summary>
    public static class BenchDataset
    {
        public static readonly DateTimeOffset End = new DateTimeOffset(2026, 11, 22, 23, 0, 0, TimeSpan.Zero);

        public static string Folder => Environment.GetEnvironmentVariable("LLMT_BENCH_DATA") is { Length: > 0 } dir
            ? dir
            : Path.Combine(Path.GetTempPath(), "llmt-bench");

        public static StoreOptions Options(string root) => new StoreOptions
        {
            Root = root,
            AutoMaintenance = false,
            Clock = () => End,
            Environment = new Dictionary<string, string?>(),
            ConfigFile = Path.Combine(root, "..", "bench-config.json"),
        };

        /// <summary>A store as an application appends to it: automatic maintenance on, as it is by default.</summary>
        public static StoreOptions AppendOptions(string root) => Options(root) with { AutoMaintenance = true };

        /// <summary>Creates (once) a store of about <paramref name="records"/> records over <paramref name="days"/> days and returns its root.</summary>
        public static string Ensure(string name, int records, int days)
        {
            string root = Path.Combine(Folder, name);
            string done = Path.Combine(root, ".complete");
            if (File.Exists(done)) return root;
            if (Directory.Exists(root)) Directory.Delete(root, true);
            using var store = new TelemetryStore(Options(root));
            var generator = new DemoDataGenerator(seed: 1);
            int perDay = (int)Math.Ceiling(records / (double)days / 0.78); // weekends and jitter thin the days out (measured ≈0.78); the loop stops at `records`
            var batch = new List<TelemetryRecord>(50_000);
            long written = 0;
            foreach (var r in generator.Generate(days, perDay, End))
            {
                if (written + batch.Count >= records) break;
                batch.Add(r);
                if (batch.Count == batch.Capacity)
                {
                    written += store.AppendBatch(batch);
                    batch.Clear();
                }
            }
            written += store.AppendBatch(batch);
            File.WriteAllText(done, written.ToString());
            Console.Error.WriteLine($"generated {written:N0} records into {root} ({Size(root) / 1024.0 / 1024.0:N0} MB)");
            return root;
        }

        public static long Size(string root)
            => Directory.EnumerateFiles(root, "telemetry.jsonl*", SearchOption.AllDirectories).Sum(f => new FileInfo(f).Length);
    }
}
