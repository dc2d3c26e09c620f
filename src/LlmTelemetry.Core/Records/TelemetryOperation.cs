using System;

namespace LlmTelemetry.Records
{
    /// <summary>The file operation that failed.</summary>
    public enum TelemetryOperation
    {
        None,
        Read,
        Write,
        Append,
        Delete,
    }
}
