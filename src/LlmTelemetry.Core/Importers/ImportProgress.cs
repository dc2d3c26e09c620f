using System;

namespace LlmTelemetry.Importers
{
    /// <summary>Progress of a running import.</summary>
    public sealed record ImportProgress(string Source, int FilesDone, int FilesTotal, long BytesDone, long BytesTotal);
}
