using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LlmTelemetry.Exporters.Shipping;
using LlmTelemetry.Records;

namespace LlmTelemetry.Tests.Exporters.Shipping
{
    /// <summary>
    /// A target that keeps what it accepted the way ClickHouse's ReplacingMergeTree does after FINAL: one row per id,
    /// the one with the largest total. It can fail a given batch before accepting it, or after (the crash between a
    /// target's acceptance and the checkpoint's move), so the shipper's recovery is tested on real store files.
    /// </summary>
    internal sealed class MemorySink : IShipSink
    {
        public string Name => "memory";
        public string Target { get; init; } = "memory://test";
        public bool AcceptsRollups { get; init; } = true;
        public int BatchSize { get; init; } = 10;

        /// <summary>1-based number of the batch to refuse (before keeping it); 0 for none.</summary>
        public int FailBatch { get; set; }

        /// <summary>1-based number of the batch to keep and then fail on, as a crash right after the target took it.</summary>
        public int FailAfterBatch { get; set; }

        /// <summary>Set while a batch is being sent, so a test can act in the middle of a send.</summary>
        public Func<Task>? DuringBatch { get; set; }

        public int Prepared { get; private set; }
        public int BatchesSeen { get; private set; }
        public List<TelemetryRecord> Received { get; } = new List<TelemetryRecord>();
        public Dictionary<string, List<ShipRollupRow>> RollupDays { get; } = new Dictionary<string, List<ShipRollupRow>>();
        public int RollupSends { get; private set; }

        /// <summary>The deduplicated rows (largest total per id), as the engine's FINAL would show them.</summary>
        public IReadOnlyList<TelemetryRecord> Final() => Received.GroupBy(r => r.Id)
            .Select(g => g.OrderByDescending(r => r.Tokens.Total).First()).OrderBy(r => r.Timestamp).ThenBy(r => r.Id).ToList();

        public Task PrepareAsync(CancellationToken cancellationToken)
        {
            Prepared++;
            return Task.CompletedTask;
        }

        public async Task SendRecordsAsync(IReadOnlyList<TelemetryRecord> batch, CancellationToken cancellationToken)
        {
            BatchesSeen++;
            if (DuringBatch is not null) await DuringBatch();
            if (BatchesSeen == FailBatch) throw new ShipException(Name, "memory: refused batch " + BatchesSeen);
            Received.AddRange(batch);
            if (BatchesSeen == FailAfterBatch) throw new ShipException(Name, "memory: lost the answer to batch " + BatchesSeen);
        }

        public Task<bool> SendRollupDayAsync(DateTime utcDay, IReadOnlyList<ShipRollupRow> cells, CancellationToken cancellationToken)
        {
            if (!AcceptsRollups) return Task.FromResult(false);
            RollupSends++;
            RollupDays[utcDay.ToString("yyyy-MM-dd")] = cells.ToList();
            return Task.FromResult(true);
        }

        public void Dispose()
        {
        }
    }
}
