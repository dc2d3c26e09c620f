using System;
using System.Text.RegularExpressions;

namespace LlmTelemetry.Providers
{
    /// <summary>
    /// Removes API keys from text that leaves the client (errors, records, verbose output). Providers echo keys back,
    /// whole or masked ("Incorrect API key provided: sk-proj-****abcd"), so besides the exact key anything shaped like one goes too.
    /// </summary>
    internal static class SecretScrubber
    {
        internal const string Redacted = "[redacted]";

        private static readonly Regex KeyShaped = new Regex(
            @"\b(?:sk|pk|rk)-[A-Za-z0-9_\-\*]{6,}|(?<=\bBearer\s+)[^\s""',]+|(?<=x-api-key[""']?\s*[:=]\s*[""']?)[^\s""',}]+",
            RegexOptions.CultureInvariant | RegexOptions.IgnoreCase);

        public static string Scrub(string text, string? key)
        {
            if (string.IsNullOrEmpty(text)) return text;
            if (!string.IsNullOrEmpty(key) && key!.Length >= 4)
                text = Replace(text, key, Redacted);
            return KeyShaped.Replace(text, Redacted);
        }

        public static string? ScrubOrNull(string? text, string? key) => text is null ? null : Scrub(text, key);

        /// <summary>A run this long shared with the prompt or response is an echo of it, wherever it stands.</summary>
        internal const int EchoWindow = 12;

        /// <summary>Shorter pieces count when quoted ('…', "…", `…`, “…”) or when they are a whole line of the text.</summary>
        internal const int QuotedMinimum = 4;
        internal const int LineMinimum = 6;

        /// <summary>
        /// Removes from error text what it repeats of texts that are not to be stored (a prompt, a response): providers
        /// echo the request back ("your message 'PROMPT…' was rejected"), and the error is stored and shown by events,
        /// export and report even when LLM_STORE_PROMPTS is off. Redacted: every run of <see cref="EchoWindow"/> or more
        /// characters found in a hidden text, every quoted fragment of <see cref="QuotedMinimum"/> or more found in one
        /// (a trailing "..." or "…" of a cut quote ignored), and every line of a hidden text (without a leading "user: "
        /// style label) of <see cref="LineMinimum"/> or more. Returns <paramref name="text"/> itself when nothing matched.
        /// </summary>
        public static string RemoveEchoes(string text, string? hidden, string? hidden2 = null)
        {
            if (string.IsNullOrEmpty(text)) return text;
            bool[]? marks = null;
            MarkEchoes(text, hidden, ref marks);
            MarkEchoes(text, hidden2, ref marks);
            if (marks is null) return text;
            var sb = new System.Text.StringBuilder(text.Length);
            for (int i = 0; i < text.Length; i++)
            {
                if (!marks[i]) { sb.Append(text[i]); continue; }
                int end = i;
                while (end + 1 < text.Length && marks[end + 1]) end++;
                // Spaces at the edges of an echoed run are the provider's layout, not the secret: keep them.
                int first = i, last = end;
                while (first <= last && char.IsWhiteSpace(text[first])) first++;
                while (last >= first && char.IsWhiteSpace(text[last])) last--;
                sb.Append(text, i, first - i);
                if (first <= last) sb.Append(Redacted);
                sb.Append(text, last + 1, end - last);
                i = end;
            }
            return sb.ToString();
        }

        private static void MarkEchoes(string text, string? hidden, ref bool[]? marks)
        {
            if (string.IsNullOrEmpty(hidden)) return;
            MarkSharedRuns(text, hidden!, ref marks);
            MarkQuoted(text, hidden!, ref marks);
            foreach (var raw in hidden!.Split('\n'))
            {
                var line = WithoutLabel(raw.Trim());
                if (line.Length >= LineMinimum) MarkAll(text, line, ref marks);
            }
        }

        /// <summary>Every window of <see cref="EchoWindow"/> characters of <paramref name="text"/> that occurs in <paramref name="hidden"/>:
        /// one pass over the hidden text (it may be a large prompt) with a rolling hash, each hit confirmed by comparison.</summary>
        private static void MarkSharedRuns(string text, string hidden, ref bool[]? marks)
        {
            const int w = EchoWindow;
            if (text.Length < w || hidden.Length < w) return;
            const ulong b = 1_000_003;
            ulong top = 1;
            for (int i = 1; i < w; i++) top *= b;
            var windows = new System.Collections.Generic.Dictionary<ulong, System.Collections.Generic.List<int>>();
            ulong h = 0;
            for (int i = 0; i < text.Length; i++)
            {
                if (i >= w) h -= text[i - w] * top;
                h = h * b + text[i];
                if (i < w - 1) continue;
                if (!windows.TryGetValue(h, out var list)) windows[h] = list = new System.Collections.Generic.List<int>(1);
                list.Add(i - w + 1);
            }
            h = 0;
            for (int i = 0; i < hidden.Length && windows.Count > 0; i++)
            {
                if (i >= w) h -= hidden[i - w] * top;
                h = h * b + hidden[i];
                if (i < w - 1 || !windows.TryGetValue(h, out var starts)) continue;
                int from = i - w + 1;
                for (int k = starts.Count - 1; k >= 0; k--)
                {
                    if (string.CompareOrdinal(text, starts[k], hidden, from, w) != 0) continue;
                    Mark(text, starts[k], w, ref marks);
                    starts.RemoveAt(k);
                }
                if (starts.Count == 0) windows.Remove(h);
            }
        }

        private static readonly char[] Quotes = { '\'', '"', '`', '\u2018', '\u2019', '\u201C', '\u201D' };

        /// <summary>The text between two consecutive quote marks, when the hidden text contains it.</summary>
        private static void MarkQuoted(string text, string hidden, ref bool[]? marks)
        {
            int open = text.IndexOfAny(Quotes);
            while (open >= 0)
            {
                int close = text.IndexOfAny(Quotes, open + 1);
                if (close < 0) break;
                int start = open + 1, length = close - start;
                var inner = text.Substring(start, length);
                if (inner.EndsWith("...", StringComparison.Ordinal)) inner = inner.Substring(0, inner.Length - 3);
                else if (inner.EndsWith("\u2026", StringComparison.Ordinal)) inner = inner.Substring(0, inner.Length - 1);
                if (inner.Trim().Length >= QuotedMinimum && hidden.IndexOf(inner, StringComparison.Ordinal) >= 0) Mark(text, start, length, ref marks);
                open = close;
            }
        }

        private static void MarkAll(string text, string piece, ref bool[]? marks)
        {
            for (int at = text.IndexOf(piece, StringComparison.Ordinal); at >= 0; at = text.IndexOf(piece, at + 1, StringComparison.Ordinal))
                Mark(text, at, piece.Length, ref marks);
        }

        /// <summary>"user: text" → "text": the client joins a chat's messages as "role: content" lines before hashing and storing.</summary>
        private static string WithoutLabel(string line)
        {
            int colon = line.IndexOf(": ", StringComparison.Ordinal);
            if (colon <= 0 || colon > 16) return line;
            for (int i = 0; i < colon; i++) if (!char.IsLetter(line[i])) return line;
            return line.Substring(colon + 2).Trim();
        }

        private static void Mark(string text, int start, int length, ref bool[]? marks)
        {
            marks ??= new bool[text.Length];
            for (int i = start; i < start + length; i++) marks[i] = true;
        }

        private static string Replace(string text, string oldValue, string newValue)
        {
            int at = text.IndexOf(oldValue, StringComparison.Ordinal);
            if (at < 0) return text;
            return text.Replace(oldValue, newValue);
        }
    }
}
