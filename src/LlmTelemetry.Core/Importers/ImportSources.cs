using System;

namespace LlmTelemetry.Importers
{
    /// <summary>The names a source goes by on disk (metadata.source, checkpoint files) and on the command line.</summary>
    public static class ImportSources
    {
        public const string ClaudeCodeName = "claude-code";
        public const string CodexName = "codex";
        public const string JsonlName = "jsonl";

        public static string NameOf(ImportSource source) => source switch
        {
            ImportSource.ClaudeCode => ClaudeCodeName,
            ImportSource.Codex => CodexName,
            ImportSource.Jsonl => JsonlName,
            _ => throw new ArgumentOutOfRangeException(nameof(source)),
        };

        /// <summary>Accepts "claude-code", "claudecode", "claude", "codex", "jsonl" (any case).</summary>
        public static bool TryParse(string? text, out ImportSource source)
        {
            switch ((text ?? "").Trim().ToLowerInvariant())
            {
                case "claude-code":
                case "claudecode":
                case "claude":
                    source = ImportSource.ClaudeCode;
                    return true;
                case "codex":
                    source = ImportSource.Codex;
                    return true;
                case "jsonl":
                    source = ImportSource.Jsonl;
                    return true;
                default:
                    source = default;
                    return false;
            }
        }
    }
}
