namespace LlmTelemetry.Cli.Serve
{
    /// <summary>Every error the API answers with: what is wrong, and the query parameter it is about (null when none).</summary>
    internal sealed record ApiError(string Error, string? Parameter);
}
