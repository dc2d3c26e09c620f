using System.Text.Json.Serialization;

namespace LlmTelemetry.Status
{
    /// <summary>"status.colors" in config.json.</summary>
    public sealed record StatusColorConfig
    {
        [JsonPropertyName("green")] public string? Green { get; init; }
        [JsonPropertyName("yellow")] public string? Yellow { get; init; }
        [JsonPropertyName("red")] public string? Red { get; init; }
    }
}
