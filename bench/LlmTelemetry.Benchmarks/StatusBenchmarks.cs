using System;
using System.Linq;
using BenchmarkDotNet.Attributes;
using LlmTelemetry.Queries;
using LlmTelemetry.Status;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Benchmarks
{
    /// <summary>
    /// The live status (Get-LlmStatus) on 1,000,000 records over 180 days (issue 16: under 20 ms in process): the
    /// session's week and today from the day rollups, today's cached one included.
    /// </summary>
    [MemoryDiagnoser]
    public class StatusBenchmarks
    {
        private TelemetryStore _store = null!;
        private StatusRequest _request = null!;

        [GlobalSetup]
        public void Setup()
        {
            var root = BenchDataset.Ensure("scan-1m-180d", 1_000_000, 180);
            _store = new TelemetryStore(BenchDataset.Options(root));
            // The last call's session, just after it: what a status line is asked right after a call (the generated
            // data thins weekends out, so the last day with calls need not be the dataset's last day).
            var last = _store.Query(new RecordQuery { Zone = TimeZoneInfo.Utc, NewestFirst = true, Limit = 1 }).First();
            _request = new StatusRequest { SessionId = last.SessionId, Now = last.Timestamp.AddSeconds(1), Zone = TimeZoneInfo.Utc };
            StatusCalculator.Compute(_store, _request); // the day rollups, written once as any first query writes them
        }

        /// <summary>In a PowerShell session that has asked before: the store open, its caches warm.</summary>
        [Benchmark]
        public double StatusWarm() => StatusCalculator.Compute(_store, _request).SessionCostUsd;

        /// <summary>As a first Get-LlmStatus (or each `statusline` process) does it: a fresh store, the rollups read from disk.</summary>
        [Benchmark]
        public double StatusFromDisk()
        {
            using var store = new TelemetryStore(BenchDataset.Options(_store.Root));
            return StatusCalculator.Compute(store, _request).SessionCostUsd;
        }
    }
}
