using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using BenchmarkDotNet.Attributes;
using LlmTelemetry.Importers;
using LlmTelemetry.Records;
using LlmTelemetry.Tests.Importers;

namespace LlmTelemetry.Benchmarks
{
    /// <summary>
    /// Importing a generated Claude Code projects tree (default ~60 MB, ~30k lines): the whole importer in a dry run,
    /// on one thread and on all cores; a first import into a real store and a re-import of the unchanged tree; and the
    /// line parser alone (what the first pass costs without choosing and writing). Target: ≥ 200 MB/s for a first
    /// import on 2 cores. Whole-process timings beside ccusage's: bench/versus-ccusage.sh.
    /// </summary>
    [MemoryDiagnoser]
    public class ImportBenchmarks
    {
        private string _root = "";
        private string[] _files = Array.Empty<string>();

        /// <summary>Projects in the generated tree; each holds 10 sessions of 40 turns (~10 MB).</summary>
        [Params(6)]
        public int Projects { get; set; }

        public long TreeBytes { get; private set; }

        [GlobalSetup]
        public void Setup()
        {
            _root = Path.Combine(Path.GetTempPath(), "llmt-import-bench-" + Guid.NewGuid().ToString("N"));
            var generator = new ClaudeCodeTreeGenerator(seed: 42);
            generator.Generate(_root, Projects, sessionsPerProject: 10, turnsPerSession: 40);
            TreeBytes = generator.Bytes;
            _files = Directory.GetFiles(_root, "*.jsonl", SearchOption.AllDirectories);
            Console.WriteLine($"// generated {TreeBytes / 1e6:F1} MB in {_files.Length} files under {_root}");
        }

        [GlobalCleanup]
        public void Cleanup()
        {
            try
            {
                Directory.Delete(_root, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        [Benchmark(Baseline = true)]
        public long ImportTreeAllCores() => Import(Environment.ProcessorCount);

        [Benchmark]
        public long ImportTreeOneThread() => Import(1);

        /// <summary>A first import into a fresh store: both passes, pricing, and the store's appends.</summary>
        [Benchmark]
        public long FirstImportIntoStore()
        {
            var store = Path.Combine(_root, "..", Path.GetFileName(_root) + "-store");
            if (Directory.Exists(store)) Directory.Delete(store, recursive: true);
            using var target = new Storage.TelemetryStore(new Configuration.StoreOptions { Root = store, AutoMaintenance = false, RetentionDays = 100000 });
            return TelemetryImporter.Import(ImportSource.ClaudeCode, target, new ImportOptions { Path = _root }).Added;
        }

        /// <summary>The usual import from a scheduled task or a status line: nothing new since the last one.</summary>
        [Benchmark]
        public long ReimportUnchanged()
        {
            var store = Path.Combine(_root, "..", Path.GetFileName(_root) + "-kept");
            using var target = new Storage.TelemetryStore(new Configuration.StoreOptions { Root = store, AutoMaintenance = false, RetentionDays = 100000 });
            if (!Directory.Exists(Path.Combine(store, StoreImportTarget.StateFolderName))) TelemetryImporter.Import(ImportSource.ClaudeCode, target, new ImportOptions { Path = _root });
            return TelemetryImporter.Import(ImportSource.ClaudeCode, target, new ImportOptions { Path = _root }).FilesSkippedUnchanged;
        }

        /// <summary>Line splitting, the "usage" pre-filter and the Utf8JsonReader parse, without dedup or records.</summary>
        [Benchmark]
        public long ParseLinesOnly()
        {
            var sink = new ParseOnlySink();
            foreach (var file in _files)
            {
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
                LineReader.Read(stream, 0, 0, sink, default);
            }
            return sink.Calls;
        }

        private long Import(int threads)
        {
            var options = new ImportOptions
            {
                Path = _root,
                DryRun = true,
                IgnoreCheckpoints = true,
                SettleTime = TimeSpan.Zero,
                MaxDegreeOfParallelism = threads,
            };
            var result = TelemetryImporter.Import(ImportSource.ClaudeCode, new EmptyTarget(_root), options);
            return result.Added;
        }

        private sealed class ParseOnlySink : LineSink
        {
            private readonly ClaudeCodeLineParser _parser = new ClaudeCodeLineParser();

            public long Calls { get; private set; }

            public override void OnLine(ReadOnlySpan<byte> line, long offset, long lineNumber)
            {
                if (!LineReader.LooksLikeObject(line) || line.IndexOf(ClaudeCodeLineParser.UsageMarker) < 0) return;
                if (_parser.Parse(line, out _, out _) == LineKind.Usage) Calls++;
            }

            public override bool OnUnterminatedLine(ReadOnlySpan<byte> line, long offset, long lineNumber) => true;
        }

        private sealed class EmptyTarget : IImportTarget
        {
            public EmptyTarget(string root) => StateDirectory = Path.Combine(root, ".state");

            public string StateDirectory { get; }

            public bool ContainsId(string id, DateTimeOffset timestamp) => false;

            public BatchWrite AppendBatch(IReadOnlyList<TelemetryRecord> records) => new BatchWrite(records.Count, 0);
        }
    }
}
