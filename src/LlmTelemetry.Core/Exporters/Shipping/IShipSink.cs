using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Exporters.Shipping
{
    /// <summary>
    /// An engine that `send` ships the store's records to, one batch at a time (ClickHouse, OTLP). The shipper
    /// (<see cref="Shipper"/>) reads the store from the sink's checkpoint, anonymises, batches and moves the checkpoint
    /// on after each batch the sink accepted; a sink only creates what it needs, converts and posts.
    /// </summary>
    internal interface IShipSink : IDisposable
    {
        /// <summary>"clickhouse" or "otlp": the `sink` of `send --json` and part of the checkpoint's key.</summary>
        string Name { get; }

        /// <summary>
        /// Where the records go, without credentials (for example "http://host:8123/default.llm_telemetry"): the other
        /// part of the checkpoint's key, so two targets have two checkpoints.
        /// </summary>
        string Target { get; }

        /// <summary>Whether <see cref="SendRollupDayAsync"/> has somewhere to put rollups (a dry run asks instead of sending).</summary>
        bool AcceptsRollups { get; }

        /// <summary>Records per <see cref="SendRecordsAsync"/> call.</summary>
        int BatchSize { get; }

        /// <summary>Checks the endpoint answers and creates what is missing (tables); throws <see cref="ShipException"/>.</summary>
        Task PrepareAsync(CancellationToken cancellationToken);

        /// <summary>
        /// Sends one batch (records as read, already anonymised when asked; never prompt or response text). Retries
        /// with backoff, then throws <see cref="ShipException"/>. Sending the same batch twice must not count twice
        /// where the engine can prevent it (ClickHouse: ReplacingMergeTree by id).
        /// </summary>
        Task SendRecordsAsync(IReadOnlyList<TelemetryRecord> batch, CancellationToken cancellationToken);

        /// <summary>
        /// Sends the rollup of a day whose raw records are gone (history), replacing what an earlier send of the same
        /// day put there. Returns false when this sink has nowhere to put rollups: the day is counted as skipped.
        /// </summary>
        Task<bool> SendRollupDayAsync(DateTime utcDay, IReadOnlyList<ShipRollupRow> cells, CancellationToken cancellationToken);
    }
}
