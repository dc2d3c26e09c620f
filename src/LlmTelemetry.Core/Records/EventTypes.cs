using System;
using System.Text;

namespace LlmTelemetry.Records
{
    /// <summary>
    /// Event type names. On disk they are snake_case ("session_start"); people type PascalCase ("SessionStart") in
    /// PowerShell and either spelling in the CLI, so the record builder stores, and the filter matches, the one
    /// canonical form <see cref="Normalize"/> gives: whatever the entry point, both spellings name the same event.
    /// </summary>
    public static class EventTypes
    {
        public const string LlmCall = TelemetryRecord.LlmCallEvent;
        public const string SessionStart = "session_start";
        public const string SessionEnd = "session_end";
        public const string ToolCall = "tool_call";
        public const string Error = "error";

        /// <summary>A chat call refused by an enforced budget or a per-call cost limit: carries the numbers, never a cost.</summary>
        public const string BudgetRefused = "budget_refused";

        /// <summary>
        /// "SessionStart" → "session_start", "LLMCall" → "llm_call", "tool-call" → "tool_call"; snake_case and
        /// wildcards pass through lowered; blank stays blank (the validator refuses it).
        /// </summary>
        public static string Normalize(string eventType)
        {
            if (eventType is null) throw new ArgumentNullException(nameof(eventType));
            if (IsCanonical(eventType)) return eventType;
            var text = eventType.Trim();
            var sb = new StringBuilder(text.Length + 4);
            for (int i = 0; i < text.Length; i++)
            {
                char c = text[i];
                if (c == '-' || c == ' ') c = '_';
                if (char.IsUpper(c))
                {
                    // A word starts at an upper-case letter after a lower-case one or a digit, or before a lower-case
                    // one inside an acronym ("LLMCall" → "llm_call").
                    bool afterLower = i > 0 && (char.IsLower(text[i - 1]) || char.IsDigit(text[i - 1]));
                    bool acronymEnd = i > 0 && char.IsUpper(text[i - 1]) && i + 1 < text.Length && char.IsLower(text[i + 1]);
                    if ((afterLower || acronymEnd) && sb.Length > 0 && sb[sb.Length - 1] != '_') sb.Append('_');
                    sb.Append(char.ToLowerInvariant(c));
                }
                else
                {
                    sb.Append(c);
                }
            }
            return sb.ToString();
        }

        /// <summary>
        /// Already in canonical form (lower-case letters, digits, '_' and wildcards): true for every record the
        /// builder wrote, so matching a stored event type costs no allocation.
        /// </summary>
        internal static bool IsCanonical(string eventType)
        {
            if (eventType.Length == 0) return false;
            foreach (char c in eventType)
            {
                if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '*' || c == '?')) return false;
            }
            return true;
        }
    }
}
