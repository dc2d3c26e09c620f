using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmTelemetry.Records
{
    /// <summary>
    /// A record's free-form payload, kept as its JSON text. Holding text rather than a JsonElement keeps
    /// records immutable, comparable by value and free of a parsed document's lifetime.
    /// </summary>
    [JsonConverter(typeof(JsonPayloadConverter))]
    public sealed class JsonPayload : IEquatable<JsonPayload>
    {
        public static readonly JsonPayload EmptyObject = new JsonPayload("{}");

        private JsonPayload(string json) => Json = json;

        /// <summary>Compact JSON text of the payload.</summary>
        public string Json { get; }

        public bool IsEmpty => Json == "{}" || Json == "null";

        /// <summary>Parses and re-serialises <paramref name="json"/> compactly; throws <see cref="TelemetryValidationException"/> when it is not JSON.</summary>
        public static JsonPayload Parse(string json)
        {
            try
            {
                using var doc = JsonDocument.Parse(json);
                return FromElement(doc.RootElement);
            }
            catch (JsonException ex)
            {
                throw new TelemetryValidationException("payload", Truncate(json), "is not valid JSON: " + ex.Message);
            }
        }

        public static JsonPayload FromElement(JsonElement element) => new JsonPayload(element.GetRawText());

        internal static JsonPayload FromTrustedText(string json) => new JsonPayload(json);

        public JsonElement ToElement()
        {
            using var doc = JsonDocument.Parse(Json);
            return doc.RootElement.Clone();
        }

        public bool Equals(JsonPayload? other) => other is not null && string.Equals(Json, other.Json, StringComparison.Ordinal);
        public override bool Equals(object? obj) => Equals(obj as JsonPayload);
        public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Json);
        public override string ToString() => Json;

        private static string Truncate(string s) => s.Length <= 80 ? s : s.Substring(0, 80) + "…";
    }
}
