using System;
using System.Collections.Generic;

namespace LlmTelemetry.Importers
{
    /// <summary>What one Gemini CLI chat file holds: its session, the folder it names, and its calls.</summary>
    internal sealed class GeminiChatOutcome : FileOutcome
    {
        public GeminiChatOutcome(LogFile file) : base(file)
        {
        }

        public string? SessionId { get; set; }

        /// <summary>The chat's projectHash: the project when the file lies outside a tmp/&lt;project&gt;/chats folder.</summary>
        public string? ProjectHash { get; set; }

        public List<GeminiCall> Calls { get; } = new List<GeminiCall>();
    }
}
