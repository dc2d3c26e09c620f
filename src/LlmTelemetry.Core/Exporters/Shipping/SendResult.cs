namespace LlmTelemetry.Exporters.Shipping
{
    /// <summary>What one `send` did: `--json` prints {"sink","sent","batches","skipped","checkpoint"}.</summary>
    public sealed class SendResult
    {
        /// <summary>"clickhouse", "pushgateway" or "otlp".</summary>
        public string Sink { get; init; } = "";

        /// <summary>Where to, without credentials.</summary>
        public string Target { get; init; } = "";

        /// <summary>Rows sent: records, plus rollup rows of history days (ClickHouse), or series (Pushgateway).</summary>
        public long Sent => RecordsSent + RollupRowsSent + SeriesSent;

        public long RecordsSent { get; init; }
        public long RollupRowsSent { get; init; }
        public int HistoryDaysSent { get; init; }
        public long SeriesSent { get; init; }

        /// <summary>Requests that carried data (a dry run counts those it would have made).</summary>
        public int Batches { get; init; }

        /// <summary>
        /// Records not sent: unreadable lines, records before --since, and calls of history days the sink has no
        /// place for (OTLP takes no rollups).
        /// </summary>
        public long Skipped { get; init; }

        /// <summary>The checkpoint file; null for a sink that needs none (a Pushgateway push is of totals).</summary>
        public string? CheckpointPath { get; init; }

        /// <summary>The last raw day the checkpoint has reached (yyyy-MM-dd, UTC), and its lines shipped.</summary>
        public string? CheckpointDay { get; init; }
        public long CheckpointLine { get; init; }

        public bool DryRun { get; init; }

        /// <summary>With a dry run of a body-building sink (Pushgateway): what would have been sent.</summary>
        public string? DryRunBody { get; init; }
    }
}
