using System;
using System.Text.Json.Serialization;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Pricing
{
    internal sealed class ModelFileSource
    {
        [JsonPropertyName("name")] public string? Name { get; set; }
        [JsonPropertyName("repository")] public string? Repository { get; set; }
        [JsonPropertyName("commit")] public string? Commit { get; set; }
        [JsonPropertyName("date")] public string? Date { get; set; }
        [JsonPropertyName("generator")] public string? Generator { get; set; }
        [JsonPropertyName("units")] public string? Units { get; set; }
    }
}
