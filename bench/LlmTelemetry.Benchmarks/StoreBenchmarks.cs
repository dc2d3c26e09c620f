using System;
using System.IO;
using BenchmarkDotNet.Attributes;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Benchmarks
{
    /// <summary>Appending one record into an open store, steady state (issue 2: median &lt; 20 µs, p99 &lt; 200 µs).</summary>
    [MemoryDiagnoser]
    [MedianColumn, Q3Column, MaxColumn]
    public class AppendBenchmarks
    {
        private TelemetryStore _store = null!;
        private TelemetryRecord _record = null!;
        private string _root = "";

        [GlobalSetup]
        public void Setup()
        {
            _root = Path.Combine(Path.GetTempPath(), "llmt-bench-append-" + Guid.NewGuid().ToString("N"));
            _store = new TelemetryStore(BenchDataset.AppendOptions(_root));
            _record = new TelemetryRecordBuilder().At(BenchDataset.End).Model("claude-sonnet-4-5").Provider("anthropic")
                .Agent("doc-finder").Operation("search").Session("bench").Tokens(input: 812, output: 95, cacheReadInput: 1200)
                .DurationMs(1430).Cost(0.0042).Project("spacewalker").Host("bench").Build();
            _store.Append(_record);
        }

        [Benchmark]
        public TelemetryRecord AppendOne() => _store.Append(_record with { Id = RecordIds.NewUlid() });

        [GlobalCleanup]
        public void Cleanup() => Directory.Delete(_root, true);
    }

    /// <summary>Scanning 1,000,000 records (~300 MB over 180 days) and totalling the cost, without summaries (target ≥ 300 MB/s).</summary>
    [MemoryDiagnoser]
    public class ScanBenchmarks
    {
        private TelemetryStore _store = null!;

        [GlobalSetup]
        public void Setup()
        {
            var root = BenchDataset.Ensure("scan-1m-180d", 1_000_000, 180);
            _store = new TelemetryStore(BenchDataset.Options(root));
        }

        [Benchmark]
        public double ScanAndTotalCost()
            => CostReporter.Run(_store, new RecordQuery { UseSummaries = false, Zone = TimeZoneInfo.Utc }).Total.CostUsd;
    }

    /// <summary>Rolling 180-day cost by local day through the day summaries, warm (target &lt; 50 ms).</summary>
    [MemoryDiagnoser]
    public class SummaryBenchmarks
    {
        private TelemetryStore _store = null!;
        private RecordQuery _query = null!;
        private static readonly GroupKey[] ByDay = { GroupKey.Day };

        /// <summary>UTC days line up with the day folders; Berlin's days straddle two of them.</summary>
        [Params("UTC", "Europe/Berlin")]
        public string Zone { get; set; } = "UTC";

        [GlobalSetup]
        public void Setup()
        {
            var root = BenchDataset.Ensure("scan-1m-180d", 1_000_000, 180);
            _store = new TelemetryStore(BenchDataset.Options(root));
            var zone = TimeZones.Find(Zone);
            _query = new RecordQuery { Range = DateRange.LastDays(180, zone, BenchDataset.End), Zone = zone };
            CostReporter.Run(_store, _query, ByDay); // builds and writes the summaries once
        }

        [Benchmark]
        public double Rolling180DayCostByDay() => CostReporter.Run(_store, _query, ByDay).Total.CostUsd;

        /// <summary>
        /// The same query from a fresh store, as every CLI run and cmdlet call makes it: 180 summary.json files read,
        /// their seals checked and their sources stamped, nothing warm in memory.
        /// </summary>
        [Benchmark]
        public double Rolling180DayCostByDayFromDisk()
        {
            using var store = new TelemetryStore(BenchDataset.Options(_store.Root));
            return CostReporter.Run(store, _query, ByDay).Total.CostUsd;
        }
    }
}
