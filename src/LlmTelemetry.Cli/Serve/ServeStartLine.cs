namespace LlmTelemetry.Cli.Serve
{
    /// <summary>serve --json's one line on standard output: where the server listens and the token it wants.</summary>
    internal sealed record ServeStartLine(string Url, int Port, string Token);
}
