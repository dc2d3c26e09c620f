using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Pricing
{
    internal sealed class PriceEntry
    {
        [JsonPropertyName("effective_from")] public string? EffectiveFrom { get; set; }
        [JsonPropertyName("input")] public double? Input { get; set; }
        [JsonPropertyName("output")] public double? Output { get; set; }
        [JsonPropertyName("cache_write_5m")] public double? CacheWrite5m { get; set; }
        [JsonPropertyName("cache_write_1h")] public double? CacheWrite1h { get; set; }
        [JsonPropertyName("cache_read")] public double? CacheRead { get; set; }
        [JsonPropertyName("reasoning_output")] public double? ReasoningOutput { get; set; }
        [JsonPropertyName("tiers")] public List<TierEntry>? Tiers { get; set; }
    }
}
