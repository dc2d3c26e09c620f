using System;
using System.Text.Json.Serialization;
using LlmTelemetry.Queries;

namespace LlmTelemetry.Storage
{
    [JsonSourceGenerationOptions(WriteIndented = false, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonSerializable(typeof(RootSummary))]
    internal sealed partial class SummaryJsonContext : JsonSerializerContext
    {
    }
}
