using LlmTelemetry.Exporters.Shipping;

namespace LlmTelemetry
{
    /// <summary>What Send-LlmTelemetry did: the fields of `llm-telemetry send --json`, flat.</summary>
    public sealed class LlmSendResult
    {
        internal LlmSendResult(SendResult r)
        {
            Sink = r.Sink;
            Target = r.Target;
            Sent = r.Sent;
            Records = r.RecordsSent;
            RollupRows = r.RollupRowsSent;
            HistoryDays = r.HistoryDaysSent;
            Series = r.SeriesSent;
            Batches = r.Batches;
            Skipped = r.Skipped;
            CheckpointDay = r.CheckpointDay;
            CheckpointLine = r.CheckpointLine;
            Checkpoint = r.CheckpointPath;
            DryRun = r.DryRun;
        }

        public string Sink { get; }

        /// <summary>The URL (and table), without credentials.</summary>
        public string Target { get; }

        /// <summary>Records + rollup rows + series.</summary>
        public long Sent { get; }
        public long Records { get; }
        public long RollupRows { get; }
        public int HistoryDays { get; }
        public long Series { get; }
        public int Batches { get; }
        public long Skipped { get; }

        /// <summary>The last raw day (yyyy-MM-dd, UTC) the checkpoint reached, and its lines shipped.</summary>
        public string? CheckpointDay { get; }
        public long CheckpointLine { get; }

        /// <summary>The checkpoint file; empty for a Pushgateway (it pushes totals).</summary>
        public string? Checkpoint { get; }

        /// <summary>True under -WhatIf: counted, nothing sent, the checkpoint left as it was.</summary>
        public bool DryRun { get; }
    }
}
