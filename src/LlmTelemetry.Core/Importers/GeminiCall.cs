using System;
using LlmTelemetry.Records;

namespace LlmTelemetry.Importers
{
    /// <summary>One model response of a Gemini CLI chat file, its tokens already in our terms (input without cached input).</summary>
    internal sealed class GeminiCall
    {
        public string MessageId = "";
        public DateTimeOffset Timestamp;
        public string Model = "";
        public TokenUsage Tokens = TokenUsage.Zero;

        /// <summary>The 1-based line of the file the message starts on, for reports about it.</summary>
        public long Line;
    }
}
