using System;

namespace LlmTelemetry.Importers
{
    /// <summary>A file or folder that could not be read, and why.</summary>
    public sealed record UnreadableFile(string Path, string Reason);
}
