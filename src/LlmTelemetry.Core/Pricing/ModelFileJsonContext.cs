using System;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Serialization;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Pricing
{
    // Unknown members are errors: a misspelt "inptu" in a user's file must be reported, not silently ignored.
    [JsonSourceGenerationOptions(
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true)]
    [JsonSerializable(typeof(ModelFileDocument))]
    [JsonSerializable(typeof(ModelEntry))]
    internal sealed partial class ModelFileJsonContext : JsonSerializerContext
    {
    }
}
