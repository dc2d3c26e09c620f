using System;
using LlmTelemetry.Queries;

namespace LlmTelemetry.Exporters.Shipping
{
    /// <summary>
    /// One cell of a history day's rollup as shipped: the fields a report groups by (user and host anonymised when
    /// asked) and the cell's sums. A day's cells are whole: every call of the day is in exactly one.
    /// </summary>
    internal sealed class ShipRollupRow
    {
        /// <summary>The 15-minute UTC slot's start.</summary>
        public DateTime SlotStartUtc { get; init; }
        public string EventType { get; init; } = "";
        public string? Model { get; init; }
        public string? Provider { get; init; }
        public string? Agent { get; init; }
        public string? Operation { get; init; }
        public string? Project { get; init; }
        public string? Session { get; init; }
        public string? User { get; init; }
        public string? Host { get; init; }
        public bool Failed { get; init; }

        /// <summary>Calls, tokens by kind, cost, unpriced calls and durations of the cell.</summary>
        public UsageTotals Totals { get; init; } = new UsageTotals();

        /// <summary>The cell's latency histogram (<see cref="LatencyHistogram"/> bucket → calls); null when no call had a duration.</summary>
        public System.Collections.Generic.IReadOnlyDictionary<int, long>? Latency { get; init; }
    }
}
