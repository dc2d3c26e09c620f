using System;

namespace LlmTelemetry.Importers
{
    internal enum LineKind
    {
        NoUsage,
        Usage,
        Malformed,
    }
}
