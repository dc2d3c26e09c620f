using System;

namespace LlmTelemetry.Queries
{
    /// <summary>A case-insensitive name pattern with * and ? (as PowerShell's -like and the CLI's filters).</summary>
    /// <remarks>
    /// Matched without a regular expression: a regex for "*a*a*b" backtracks over every split of a long value, so a
    /// 20,000-character agent name took minutes. Here the pattern is cut at its stars into segments; the first is
    /// anchored at the start, the last at the end, and each middle one is found at its leftmost place after the one
    /// before (leftmost is always safe between stars). A segment without '?' is found by Knuth–Morris–Pratt, in time
    /// linear in the value; one with '?' by direct comparison, O(value × segment). Nothing is allocated per match.
    /// Letters compare by <see cref="char.ToLowerInvariant"/>, which is the equivalence the former
    /// RegexOptions.IgnoreCase | CultureInvariant used (K/k/KELVIN SIGN alike, ſ and s not); a pattern without
    /// wildcards keeps comparing as <see cref="StringComparison.OrdinalIgnoreCase"/>.
    /// </remarks>
    public sealed class WildcardPattern
    {
        private readonly string _text;
        private readonly Segment[]? _segments;

        public WildcardPattern(string pattern)
        {
            _text = pattern ?? throw new ArgumentNullException(nameof(pattern));
            if (pattern.IndexOf('*') >= 0 || pattern.IndexOf('?') >= 0)
            {
                var parts = pattern.Split('*');
                _segments = new Segment[parts.Length];
                for (int i = 0; i < parts.Length; i++) _segments[i] = new Segment(parts[i]);
            }
        }

        public string Pattern => _text;
        public bool HasWildcards => _segments is not null;

        public bool IsMatch(string? value)
        {
            if (value is null) return false;
            if (_segments is null) return string.Equals(value, _text, StringComparison.OrdinalIgnoreCase);

            var first = _segments[0];
            if (_segments.Length == 1) return value.Length == first.Length && first.MatchesAt(value, 0);

            var last = _segments[_segments.Length - 1];
            int end = value.Length - last.Length;
            if (end < first.Length || !first.MatchesAt(value, 0) || !last.MatchesAt(value, end)) return false;
            int position = first.Length;
            for (int i = 1; i < _segments.Length - 1; i++)
            {
                var segment = _segments[i];
                if (segment.Length == 0) continue;
                int at = segment.Find(value, position, end);
                if (at < 0) return false;
                position = at + segment.Length;
            }
            return true;
        }

        public override string ToString() => _text;

        internal static char Fold(char c)
        {
            if (c < 128) return c >= 'A' && c <= 'Z' ? (char)(c | 0x20) : c;
            return char.ToLowerInvariant(c);
        }

        /// <summary>The text between two stars, folded, with '?' standing for any one character.</summary>
        private sealed class Segment
        {
            private readonly string _folded;
            private readonly bool _hasAnyChar;
            private readonly int[]? _failure;

            public Segment(string text)
            {
                var chars = new char[text.Length];
                for (int i = 0; i < text.Length; i++) chars[i] = Fold(text[i]);
                _folded = new string(chars);
                _hasAnyChar = text.IndexOf('?') >= 0;
                if (!_hasAnyChar && text.Length > 1) _failure = FailureTable(_folded);
            }

            public int Length => _folded.Length;

            public bool MatchesAt(string value, int start)
            {
                for (int i = 0; i < _folded.Length; i++)
                {
                    char p = _folded[i];
                    if (p == '?' && _hasAnyChar) continue;
                    if (Fold(value[start + i]) != p) return false;
                }
                return true;
            }

            /// <summary>The leftmost index in [from, limit - Length] where the segment matches; -1 when none.</summary>
            public int Find(string value, int from, int limit)
            {
                if (limit - from < _folded.Length) return -1;
                if (_hasAnyChar)
                {
                    for (int at = from; at <= limit - _folded.Length; at++)
                        if (MatchesAt(value, at)) return at;
                    return -1;
                }
                if (_failure is null)
                {
                    char only = _folded[0];
                    for (int at = from; at < limit; at++) if (Fold(value[at]) == only) return at;
                    return -1;
                }
                int matched = 0;
                for (int at = from; at < limit; at++)
                {
                    char c = Fold(value[at]);
                    while (matched > 0 && _folded[matched] != c) matched = _failure[matched - 1];
                    if (_folded[matched] == c) matched++;
                    if (matched == _folded.Length) return at - matched + 1;
                }
                return -1;
            }

            /// <summary>KMP: for each prefix, the length of its longest proper prefix that is also its suffix.</summary>
            private static int[] FailureTable(string s)
            {
                var table = new int[s.Length];
                int k = 0;
                for (int i = 1; i < s.Length; i++)
                {
                    while (k > 0 && s[i] != s[k]) k = table[k - 1];
                    if (s[i] == s[k]) k++;
                    table[i] = k;
                }
                return table;
            }
        }
    }
}
