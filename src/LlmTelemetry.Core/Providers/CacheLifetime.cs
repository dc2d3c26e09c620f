namespace LlmTelemetry.Providers
{
    /// <summary>How long Anthropic keeps a cached prompt prefix; the 1-hour lifetime costs more to write.</summary>
    public enum CacheLifetime
    {
        FiveMinutes,
        OneHour,
    }
}
