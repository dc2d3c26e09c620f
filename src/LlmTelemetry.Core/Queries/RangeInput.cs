using System;

namespace LlmTelemetry.Queries
{
    /// <summary>
    /// The range a person asked for, as a front end bound it and before any rule is applied: a number of days, a
    /// start and an end date, or a period word. <see cref="QueryRange.Resolve(RangeInput, RangeDefault, TimeZoneInfo, DateTimeOffset, RangeParameters?)"/>
    /// turns it into a <see cref="DateRange"/> by the one set of rules every front end shares.
    /// </summary>
    public sealed record RangeInput
    {
        public static readonly RangeInput None = new RangeInput();

        /// <summary>The last N local days, today included.</summary>
        public int? Days { get; init; }

        /// <summary>First local date (the time of day is ignored).</summary>
        public DateTime? Start { get; init; }

        /// <summary>Last local date, inclusive (the time of day is ignored).</summary>
        public DateTime? End { get; init; }

        /// <summary>today, week or month (any case): 1, 7 or 30 days.</summary>
        public string? Period { get; init; }
    }
}
