using System;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Exporters
{
    public enum ExportFormat
    {
        Csv,
        Json,
        Jsonl,
    }
}
