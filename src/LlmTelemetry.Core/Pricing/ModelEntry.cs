using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Pricing
{
    internal sealed class ModelEntry
    {
        [JsonPropertyName("id")] public string? Id { get; set; }
        [JsonPropertyName("provider")] public string? Provider { get; set; }
        [JsonPropertyName("aliases")] public List<string>? Aliases { get; set; }
        [JsonPropertyName("context_window")] public int? ContextWindow { get; set; }
        [JsonPropertyName("max_output_tokens")] public int? MaxOutputTokens { get; set; }
        [JsonPropertyName("vision")] public bool? Vision { get; set; }
        [JsonPropertyName("tools")] public bool? Tools { get; set; }
        [JsonPropertyName("reasoning")] public bool? Reasoning { get; set; }
        [JsonPropertyName("prompt_caching")] public bool? PromptCaching { get; set; }
        [JsonPropertyName("litellm_keys")] public List<string>? LiteLlmKeys { get; set; }
        [JsonPropertyName("prices")] public List<PriceEntry>? Prices { get; set; }
        [JsonPropertyName("corrections")] public List<CorrectionEntry>? Corrections { get; set; }
    }
}
