using System;
using System.Text.Json.Serialization;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Pricing
{
    internal sealed class CorrectionEntry
    {
        [JsonPropertyName("field")] public string? Field { get; set; }
        [JsonPropertyName("litellm")] public double? LiteLlm { get; set; }
        [JsonPropertyName("used")] public double? Used { get; set; }
        [JsonPropertyName("reason")] public string? Reason { get; set; }
    }
}
