using System.Collections.Generic;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmTelemetry.Records
{
    /// <summary>Where a call came from: the project and branch it was made in, the machine, and the tool that recorded it.</summary>
    public sealed record RecordMetadata
    {
        public static readonly RecordMetadata Empty = new RecordMetadata();

        [JsonPropertyName("project")] public string? Project { get; init; }
        [JsonPropertyName("git_branch")] public string? GitBranch { get; init; }
        [JsonPropertyName("host")] public string? Host { get; init; }
        [JsonPropertyName("error")] public string? Error { get; init; }
        [JsonPropertyName("source")] public string? Source { get; init; }

        /// <summary>Fields other writers added; kept so that a round trip through our store loses nothing.</summary>
        /// <remarks>The serializer cannot fill extension data through an init accessor, hence the internal setter.</remarks>
        [JsonExtensionData, JsonInclude] public IDictionary<string, JsonElement>? Extra { get; internal set; }
    }
}
