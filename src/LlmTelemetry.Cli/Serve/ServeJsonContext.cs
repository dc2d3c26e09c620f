using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmTelemetry.Cli.Serve
{
    /// <summary>Source-generated JSON for serve's own small documents (no reflection, so native AOT keeps working).</summary>
    [JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
    [JsonSerializable(typeof(ApiError))]
    [JsonSerializable(typeof(ServeStartLine))]
    internal sealed partial class ServeJsonContext : JsonSerializerContext
    {
        /// <summary>As the CLI's --json writes text: readable UTF-8, '&lt;' and quotes not escaped (nothing here goes into HTML).</summary>
        public static ServeJsonContext Relaxed { get; } = new ServeJsonContext(new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        });
    }
}
