using System;
using System.Text.RegularExpressions;

namespace LlmTelemetry.Queries
{
    /// <summary>A case-insensitive name pattern with * and ? (as PowerShell's -like and the CLI's filters).</summary>
    public sealed class WildcardPattern
    {
        private readonly string _text;
        private readonly Regex? _regex;

        public WildcardPattern(string pattern)
        {
            _text = pattern ?? throw new ArgumentNullException(nameof(pattern));
            if (pattern.IndexOf('*') >= 0 || pattern.IndexOf('?') >= 0)
            {
                var body = Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".");
                _regex = new Regex("^" + body + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline);
            }
        }

        public string Pattern => _text;
        public bool HasWildcards => _regex is not null;

        public bool IsMatch(string? value)
        {
            if (value is null) return false;
            return _regex is null ? string.Equals(value, _text, StringComparison.OrdinalIgnoreCase) : _regex.IsMatch(value);
        }

        public override string ToString() => _text;
    }
}
