using System;
using System.Text.Json.Serialization;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Pricing
{
    internal sealed class TierEntry
    {
        [JsonPropertyName("above_prompt_tokens")] public long? AbovePromptTokens { get; set; }
        [JsonPropertyName("input")] public double? Input { get; set; }
        [JsonPropertyName("output")] public double? Output { get; set; }
        [JsonPropertyName("cache_write_5m")] public double? CacheWrite5m { get; set; }
        [JsonPropertyName("cache_write_1h")] public double? CacheWrite1h { get; set; }
        [JsonPropertyName("cache_read")] public double? CacheRead { get; set; }
    }
}
