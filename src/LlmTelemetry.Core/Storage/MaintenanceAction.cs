using System;
using System.IO.Compression;

namespace LlmTelemetry.Storage
{
    public enum MaintenanceAction
    {
        Delete,
        Compact,
        RemoveRecords,
    }
}
