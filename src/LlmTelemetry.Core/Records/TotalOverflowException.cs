using System;

namespace LlmTelemetry.Records
{
    /// <summary>
    /// A sum in a report (tokens, cost, duration) that its number type cannot hold. Reports refuse to show a wrapped
    /// or saturated total: it would look like an answer. Names the field and, once an aggregator adds it, the group.
    /// </summary>
    internal sealed class TotalOverflowException : TelemetryException
    {
        public TotalOverflowException(string field, string? group = null)
            : base(TelemetryErrorCode.TotalOverflow,
                $"cannot total {field} for {group ?? "these records"}: the sum is larger than {(field == "cost_usd" ? "any finite number" : long.MaxValue.ToString("N0", System.Globalization.CultureInfo.InvariantCulture))}; "
                + "nothing was changed, narrow the range or the filters to report these records")
        {
            Field = field;
            Group = group;
        }

        public string Field { get; }
        public string? Group { get; }

        /// <summary>The same overflow, naming the group it happened in (the innermost aggregator that knows it).</summary>
        public TotalOverflowException In(string group) => Group is null ? new TotalOverflowException(Field, group) : this;
    }
}
