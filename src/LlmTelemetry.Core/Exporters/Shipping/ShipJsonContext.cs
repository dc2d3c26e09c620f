using System.Text.Json.Serialization;

namespace LlmTelemetry.Exporters.Shipping
{
    [JsonSourceGenerationOptions(WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
    [JsonSerializable(typeof(ShipCheckpoint))]
    internal sealed partial class ShipJsonContext : JsonSerializerContext
    {
    }
}
