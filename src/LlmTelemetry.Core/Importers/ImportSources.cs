using System;

namespace LlmTelemetry.Importers
{
    /// <summary>The names a source goes by on disk (metadata.source, checkpoint files) and on the command line.</summary>
    public static class ImportSources
    {
        public const string ClaudeCodeName = "claude-code";
        public const string CodexName = "codex";
        public const string JsonlName = "jsonl";
        public const string GeminiCliName = "gemini";

        public static string NameOf(ImportSource source) => source switch
        {
            ImportSource.ClaudeCode => ClaudeCodeName,
            ImportSource.Codex => CodexName,
            ImportSource.Jsonl => JsonlName,
            ImportSource.GeminiCli => GeminiCliName,
            _ => throw new ArgumentOutOfRangeException(nameof(source)),
        };

        /// <summary>Accepts "claude-code", "claudecode", "claude", "codex", "gemini", "gemini-cli", "geminicli", "jsonl" (any case).</summary>
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
                case "gemini":
                case "gemini-cli":
                case "geminicli":
                    source = ImportSource.GeminiCli;
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
