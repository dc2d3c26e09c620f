using System;
using LlmTelemetry.Configuration;
using LlmTelemetry.Storage;

namespace LlmTelemetry
{
    /// <summary>What Export-LlmTelemetry wrote (-PassThru).</summary>
    public sealed class LlmExportResult
    {
        internal LlmExportResult(string path, string format, long records, long bytes)
        {
            Path = path;
            Format = format;
            Records = records;
            Bytes = bytes;
        }

        public string Path { get; }
        public string Format { get; }
        public long Records { get; }
        public long Bytes { get; }
    }
}
