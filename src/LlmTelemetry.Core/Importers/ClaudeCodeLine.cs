using System;

namespace LlmTelemetry.Importers
{
    /// <summary>The usage-bearing part of one Claude Code log line.</summary>
    internal struct ClaudeCodeLine
    {
        public DateTimeOffset Timestamp;
        public bool HasTimestamp;
        public string? SessionId;
        public string? Cwd;
        public string? GitBranch;
        public string? AgentId;
        public bool IsSidechain;
        public LogId RequestId;
        public LogId Uuid;
        public double? CostUsd;
        public bool IsProgress;
        public string? ProgressAgentId;
        public string? ParentToolUseId;
        public UsageMessage Message;
    }
}
