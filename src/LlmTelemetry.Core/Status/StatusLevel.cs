namespace LlmTelemetry.Status
{
    /// <summary>The status line's colour: green under the first threshold, yellow up to the second, red above it.</summary>
    public enum StatusLevel
    {
        Green,
        Yellow,
        Red,
    }
}
