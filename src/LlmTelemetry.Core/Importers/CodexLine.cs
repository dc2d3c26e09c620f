using System;

namespace LlmTelemetry.Importers
{
    /// <summary>What the import reads of one rollout line: its kind, time, the session's names and the token counts.</summary>
    internal struct CodexLine
    {
        public CodexLineKind Type;
        public DateTimeOffset Timestamp;
        public bool HasTimestamp;
        public bool TokenCount;
        public bool InfoPresent;
        public string? PayloadId, Cwd, Branch, Model, InfoModel;
        public string? ParentId; // forked_from_id, or the spawning thread of a subagent
        public CodexUsage Total, Last;
    }
}
