using System;
using System.IO.Compression;

namespace LlmTelemetry.Storage
{
    /// <summary>One thing maintenance or removal did (or, in a dry run, would do).</summary>
    public sealed record MaintenanceStep(DateTime Day, MaintenanceAction Action, string Reason, long Bytes, long Records);
}
