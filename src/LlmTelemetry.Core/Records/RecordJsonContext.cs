using System.Text.Json.Serialization;

namespace LlmTelemetry.Records
{
    /// <summary>Source-generated (de)serialisation of the record: no reflection at run time, and fast.</summary>
    [JsonSourceGenerationOptions(
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        WriteIndented = false)]
    [JsonSerializable(typeof(TelemetryRecord))]
    internal sealed partial class RecordJsonContext : JsonSerializerContext
    {
    }
}
