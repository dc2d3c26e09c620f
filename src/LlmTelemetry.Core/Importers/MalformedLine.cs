using System;

namespace LlmTelemetry.Importers
{
    /// <summary>One line that could not be imported. <see cref="Line"/> is 1-based in the file.</summary>
    public sealed record MalformedLine(string File, long Line, string Problem);
}
