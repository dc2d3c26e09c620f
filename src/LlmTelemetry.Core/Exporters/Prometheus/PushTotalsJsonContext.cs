using System.Text.Json.Serialization;

namespace LlmTelemetry.Exporters.Prometheus
{
    [JsonSourceGenerationOptions(WriteIndented = false)]
    [JsonSerializable(typeof(PushTotalsFile))]
    internal sealed partial class PushTotalsJsonContext : JsonSerializerContext
    {
    }
}
