using System.Globalization;
using System.Text;

namespace LlmTelemetry.Exporters
{
    /// <summary>
    /// Text for a terminal, made inert: stored values (an agent name, an imported cwd, a model's answer) can hold escape
    /// sequences that retitle the window, clear the screen or rewrite what was printed. Control characters are shown
    /// visibly instead (ESC as \e, BEL as \a, CSI U+009B as \u009b), and so are the bidirectional overrides and isolates
    /// that make a line read differently from what it holds.
    /// </summary>
    public static class TerminalText
    {
        /// <summary>
        /// <paramref name="text"/> with every control character written as a visible escape; the same string when there is
        /// none. With <paramref name="keepLineBreaks"/> line feeds and tabs stay as they are (multi-line text such as a
        /// model's answer); a carriage return is always escaped, since it lets a line overwrite what came before.
        /// </summary>
        public static string Escape(string? text, bool keepLineBreaks = false)
        {
            if (text is null) return "";
            int i = 0;
            while (i < text.Length && !NeedsEscape(text[i], keepLineBreaks)) i++;
            if (i == text.Length) return text;

            var sb = new StringBuilder(text.Length + 16);
            sb.Append(text, 0, i);
            for (; i < text.Length; i++)
            {
                char c = text[i];
                if (!NeedsEscape(c, keepLineBreaks))
                {
                    sb.Append(c);
                    continue;
                }
                switch (c)
                {
                    case '\u001b': sb.Append("\\e"); break;
                    case '\a': sb.Append("\\a"); break;
                    case '\b': sb.Append("\\b"); break;
                    case '\t': sb.Append("\\t"); break;
                    case '\n': sb.Append("\\n"); break;
                    case '\v': sb.Append("\\v"); break;
                    case '\f': sb.Append("\\f"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\0': sb.Append("\\0"); break;
                    default:
                        if (c < 0x80) sb.Append("\\x").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                        else sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                        break;
                }
            }
            return sb.ToString();
        }

        private static bool NeedsEscape(char c, bool keepLineBreaks)
        {
            if (c < 0x20) return !(keepLineBreaks && (c == '\n' || c == '\t'));
            if (c < 0x7F) return false;
            // DEL and the C1 controls (U+0080..U+009F: U+009B is CSI, U+009D OSC to a UTF-8 terminal).
            if (c <= 0x9F) return true;
            // Bidirectional marks, embeddings, overrides and isolates; line and paragraph separators.
            return c == '\u061C' || c == '\u200E' || c == '\u200F' || (c >= '\u2028' && c <= '\u202E') || (c >= '\u2066' && c <= '\u2069');
        }
    }
}
