using System;

namespace LlmTelemetry.Queries
{
    /// <summary>Calls in one local hour of the day (0–23) or on one weekday.</summary>
    public sealed record TimeSlotCount(int Slot, string Label, long Calls, double CostUsd);
}
