using System;
using LlmTelemetry.Queries;

namespace LlmTelemetry.Status
{
    /// <summary>What <see cref="StatusCalculator.Compute"/> is asked: whose session, when, in which zone, with which thresholds.</summary>
    public sealed record StatusRequest
    {
        /// <summary>The session the line is about (<see cref="SessionIdentity"/> picks it); null leaves the session at zero.</summary>
        public string? SessionId { get; init; }

        /// <summary>The instant "today" and the active block are judged at; defaults to now.</summary>
        public DateTimeOffset? Now { get; init; }

        /// <summary>The zone of "today"; defaults to the local one.</summary>
        public TimeZoneInfo Zone { get; init; } = TimeZoneInfo.Local;

        public StatusThresholds Thresholds { get; init; } = StatusThresholds.Default;

        /// <summary>
        /// How many local days, today included, a session's calls are summed over: today and yesterday by default, so a
        /// session that began last night counts whole while the line reads two days of rollups (a week took the first
        /// status of a process 30 ms on a busy store). `costs --session` sums any range.
        /// </summary>
        public int SessionDays { get; init; } = 2;

        /// <summary>
        /// How <see cref="TelemetryStatus.ActiveBlock"/> is found: 5-hour blocks, read back at most today and yesterday, so
        /// a store busy around the clock costs the line two days of rollups (`blocks --active` reads back as far as it takes).
        /// </summary>
        public UsageBlockOptions BlockOptions { get; init; } = new UsageBlockOptions { MaxDaysBack = 2 };
    }
}
