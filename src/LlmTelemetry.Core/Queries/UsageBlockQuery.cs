using System;

namespace LlmTelemetry.Queries
{
    /// <summary>Which blocks to list: the calls a record query selects (default: the whole store), cut by <see cref="Options"/>.</summary>
    public sealed record UsageBlockQuery
    {
        /// <summary>The range and filter of the calls; only llm_call records count, whatever the filter says of event types.</summary>
        public RecordQuery Records { get; init; } = RecordQuery.All;

        public UsageBlockOptions Options { get; init; } = new UsageBlockOptions();

        /// <summary>Blocks are measured against this limit when given (<see cref="UsageBlock.Limit"/>).</summary>
        public TokenLimit? TokenLimit { get; init; }

        /// <summary>Only the active block (none when nothing is active).</summary>
        public bool ActiveOnly { get; init; }

        /// <summary>The instant that decides which block is active and what remains of it; default: the store's clock.</summary>
        public DateTimeOffset? Now { get; init; }
    }
}
