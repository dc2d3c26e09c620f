using System;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LlmTelemetry.Records
{
    internal sealed class JsonPayloadConverter : JsonConverter<JsonPayload>
    {
        public override JsonPayload? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            using var doc = JsonDocument.ParseValue(ref reader);
            return JsonPayload.FromElement(doc.RootElement);
        }

        public override void Write(Utf8JsonWriter writer, JsonPayload value, JsonSerializerOptions options)
            => writer.WriteRawValue(value.Json, skipInputValidation: true);
    }
}
