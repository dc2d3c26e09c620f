using System;
using LlmTelemetry.Records;

namespace LlmTelemetry.Importers
{
    /// <summary>One Codex call, already turned from a running total into its own tokens.</summary>
    internal sealed class CodexEntry
    {
        public string Id = "";
        public DateTimeOffset Timestamp;
        public string Model = "";
        public bool ModelInferred;
        public string? SessionId;
        public string? Project;
        public string? GitBranch;
        public TokenUsage Tokens = TokenUsage.Zero;
        public long Line;
    }
}
