using System;

namespace LlmTelemetry.Queries
{
    /// <summary>
    /// How far a long read of the store has got, reported after each day folder it read: <see cref="DaysDone"/> of
    /// <see cref="DaysTotal"/> day reads (a report that reads a day in several passes, like the dashboard, counts each
    /// pass) and the UTC day just read. Reported on the caller's thread, so a PowerShell host can show it.
    /// </summary>
    public sealed record ScanProgress(int DaysDone, int DaysTotal, DateTime Day);
}
