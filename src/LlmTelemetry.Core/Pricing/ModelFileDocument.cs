using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Pricing
{
    // The one file format for the shipped registry and the user's override file, so a user can copy
    // an entry from one to the other. Every field of an override entry is optional except "id":
    // what it leaves out is taken from the built-in model it replaces.
    internal sealed class ModelFileDocument
    {
        [JsonPropertyName("schema")] public int? Schema { get; set; }
        [JsonPropertyName("source")] public ModelFileSource? Source { get; set; }
        [JsonPropertyName("models")] public List<ModelEntry>? Models { get; set; }
    }
}
