using System;
using System.Collections.Generic;
using LlmTelemetry.Records;

namespace LlmTelemetry.Pricing
{
    /// <summary>
    /// Recomputes cost_usd of stored records with today's registry, for reports. Returns new records; nothing on disk
    /// changes unless the caller writes them.
    /// </summary>
    public static class Repricer
    {
        /// <summary>
        /// The record with the cost its model and tokens have today. An event without a model (a session_start, a
        /// tool_call) is returned as it is. A model that is unknown today gets a null cost, unless
        /// <paramref name="keepCostWhenUnpriced"/> keeps the one recorded (e.g. a cost an imported log supplied).
        /// </summary>
        public static TelemetryRecord Reprice(TelemetryRecord record, CostCalculator calculator, bool keepCostWhenUnpriced = false)
        {
            if (record is null) throw new ArgumentNullException(nameof(record));
            if (calculator is null) throw new ArgumentNullException(nameof(calculator));
            if (string.IsNullOrWhiteSpace(record.Model)) return record;
            var cost = calculator.Calculate(record.Model, record.Tokens, record.Timestamp).CostUsd;
            if (cost is null && keepCostWhenUnpriced) return record;
            return cost == record.CostUsd ? record : record with { CostUsd = cost };
        }

        /// <summary>Lazily reprices a stream of records (see <see cref="Reprice(TelemetryRecord, CostCalculator, bool)"/>).</summary>
        public static IEnumerable<TelemetryRecord> Reprice(IEnumerable<TelemetryRecord> records, CostCalculator calculator, bool keepCostWhenUnpriced = false)
        {
            if (records is null) throw new ArgumentNullException(nameof(records));
            if (calculator is null) throw new ArgumentNullException(nameof(calculator));
            return Iterate(records, calculator, keepCostWhenUnpriced);
        }

        private static IEnumerable<TelemetryRecord> Iterate(IEnumerable<TelemetryRecord> records, CostCalculator calculator, bool keep)
        {
            foreach (var record in records) yield return Reprice(record, calculator, keep);
        }
    }
}
