namespace LlmTelemetry.Queries
{
    /// <summary>
    /// What a report covers when no range is given. The CLI's stats, performance and patterns cover the last 7 days;
    /// costs, models, agents and the dashboard (report, Show-LlmTelemetry) the last 30; reading records (events,
    /// export and the module's Get- cmdlets) covers the whole store.
    /// </summary>
    public enum RangeDefault
    {
        AllTime,
        Last7Days,
        Last30Days,
    }
}
