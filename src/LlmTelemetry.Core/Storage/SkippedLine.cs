
namespace LlmTelemetry.Storage
{
    /// <summary>One line a reader could not use, and why.</summary>
    public sealed record SkippedLine(string File, long Line, string Problem);
}
