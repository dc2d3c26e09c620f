using System;
using System.Text.Json;

namespace LlmTelemetry.Internal
{
    /// <summary>
    /// What a hand-written Utf8JsonReader parser throws when the line, not the program, is wrong: JsonException for
    /// broken JSON, InvalidOperationException for a token of the wrong type or invalid UTF-8, FormatException for a
    /// number too large for its field. Every line reader turns exactly these into "this line is malformed".
    /// </summary>
    internal static class MalformedJson
    {
        public static bool Is(Exception ex) => ex is JsonException || ex is InvalidOperationException || ex is FormatException;

        /// <summary>The reason as a person reads it in an import summary.</summary>
        public static string Describe(Exception ex) => ex is JsonException ? "invalid JSON: " + ex.Message : ex.Message;
    }
}
