using System;

namespace LlmTelemetry.Queries
{
    /// <summary>Calls, cost and tokens for one name (a model, an agent, an operation).</summary>
    public sealed record NamedUsage(string? Name, long Calls, long FailedCalls, long TotalTokens, double CostUsd, long UnpricedCalls, double? AvgDurationMs, double? P95DurationMs);
}
