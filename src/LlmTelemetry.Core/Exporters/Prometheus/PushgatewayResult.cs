namespace LlmTelemetry.Exporters.Prometheus
{
    /// <summary>What a push sent: the series (label sets), the calls their counters cover, the group's URL (no credentials) and, for a dry run, the body.</summary>
    internal sealed record PushgatewayResult(int Series, long Calls, string GroupUrl, string? Body);
}
