using System;
using System.ComponentModel;

namespace LlmTelemetry.Internal
{
    /// <summary>The result of running crontab or schtasks.</summary>
    internal sealed record ExternalResult(int ExitCode, string Output, string Error);
}
