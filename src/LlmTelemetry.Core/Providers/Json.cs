using System;
using System.Net.Http;
using System.Text.Json;

namespace LlmTelemetry.Providers
{
    /// <summary>Tolerant readers: a missing or null field is null, a field of the wrong kind too.</summary>
    internal static class Json
    {
        public static JsonElement? Get(JsonElement e, string name)
            => e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null ? v : (JsonElement?)null;

        public static string? String(JsonElement e, string name)
            => Get(e, name) is JsonElement v && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        public static long? Long(JsonElement e, string name)
        {
            if (!(Get(e, name) is JsonElement v) || v.ValueKind != JsonValueKind.Number) return null;
            if (v.TryGetInt64(out long l)) return l;
            return v.TryGetDouble(out double d) ? (long)Math.Round(d) : (long?)null;
        }

        public static double? Double(JsonElement e, string name)
            => Get(e, name) is JsonElement v && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out double d) ? d : (double?)null;

        public static long? Long(JsonElement e, string obj, string name)
            => Get(e, obj) is JsonElement o ? Long(o, name) : null;
    }
}
