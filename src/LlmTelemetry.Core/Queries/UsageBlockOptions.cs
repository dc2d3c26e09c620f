using System;
using System.Globalization;
using LlmTelemetry.Records;

namespace LlmTelemetry.Queries
{
    /// <summary>How blocks are cut: their length (ccusage's <c>--session-length</c>, 5 hours by default).</summary>
    public sealed record UsageBlockOptions
    {
        public static readonly TimeSpan DefaultLength = TimeSpan.FromHours(5);

        private readonly TimeSpan _length = DefaultLength;

        /// <summary>
        /// A block's length: a whole number of 15-minute slots (0.25 h, 0.5 h, …, 5 h, …), since a day whose raw records
        /// are gone is known only per slot; a length that is not is refused.
        /// </summary>
        public TimeSpan Length
        {
            get => _length;
            init => _length = Checked(value);
        }

        /// <summary>
        /// How many UTC days, today included, <see cref="UsageBlocks.Active(Storage.TelemetryStore, DateTimeOffset, UsageBlockOptions?)"/>
        /// reads at most; null (the default) reads back to the last silence longer than a block, which is exact but on
        /// a store used around the clock (agents that never pause five hours) is the whole store. With a bound, a run of
        /// blocks older than it is taken to begin at the first call inside it. The status line sets 2.
        /// </summary>
        public int? MaxDaysBack
        {
            get => _maxDaysBack;
            init => _maxDaysBack = value is int d && d < 1
                ? throw new TelemetryValidationException("max_days_back", d.ToString(CultureInfo.InvariantCulture), "must be at least 1")
                : value;
        }

        private readonly int? _maxDaysBack;

        /// <summary>A length given in hours (the CLI's --session-length, the cmdlet's -SessionLength).</summary>
        public static UsageBlockOptions FromHours(double hours, string field = "session_length")
        {
            if (double.IsNaN(hours) || double.IsInfinity(hours) || hours <= 0 || hours > 24 * 366)
                throw new TelemetryValidationException(field, hours.ToString(CultureInfo.InvariantCulture), "must be a number of hours above 0 (at most a year)");
            var length = TimeSpan.FromTicks((long)Math.Round(hours * TimeSpan.TicksPerHour));
            return new UsageBlockOptions { Length = Checked(length, field, hours.ToString(CultureInfo.InvariantCulture)) };
        }

        private static TimeSpan Checked(TimeSpan length) => Checked(length, "session_length", length.ToString());

        private static TimeSpan Checked(TimeSpan length, string field, string shown)
        {
            if (length <= TimeSpan.Zero) throw new TelemetryValidationException(field, shown, "must be above 0");
            if (length.Ticks % SlotTicks != 0)
                throw new TelemetryValidationException(field, shown, "must be a whole number of quarter hours (0.25, 0.5, 0.75, 1, …, 5): days kept only as history are summed per 15 minutes");
            return length;
        }

        internal static readonly long SlotTicks = TimeSpan.FromMinutes(Storage.RollupCell.SlotMinutes).Ticks;
    }
}
