using System;

namespace LlmTelemetry.Importers
{
    /// <summary>The kinds of log the importers read.</summary>
    public enum ImportSource
    {
        /// <summary>Claude Code session logs (~/.claude/projects/**/*.jsonl).</summary>
        ClaudeCode,

        /// <summary>Codex CLI rollouts (~/.codex/sessions/**/rollout-*.jsonl).</summary>
        Codex,

        /// <summary>Our own records: another machine's store folder, or an export in JSONL form.</summary>
        Jsonl,

        /// <summary>Gemini CLI chat files (~/.gemini/tmp/&lt;project&gt;/chats/session-*.json).</summary>
        GeminiCli,
    }
}
