using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using LlmTelemetry.Queries;
using Xunit;

namespace LlmTelemetry.Tests.Hostile
{
    /// <summary>
    /// Wildcard filters (--agent '*a*a*b', -Model claude*) against hostile values: long names, many stars, odd letters.
    /// Each case is decided by the rule the filters always had, a case-insensitive regex anchored at both ends with
    /// * as .* and ? as one character; the matcher must agree with it and never take more than linear-ish time.
    /// </summary>
    public sealed class HostileWildcardTests
    {
        /// <summary>The former implementation, kept here as the statement of the semantics.</summary>
        private static bool Reference(string pattern, string value)
        {
            if (pattern.IndexOf('*') < 0 && pattern.IndexOf('?') < 0) return string.Equals(value, pattern, StringComparison.OrdinalIgnoreCase);
            var body = Regex.Escape(pattern).Replace("\\*", ".*").Replace("\\?", ".");
            return Regex.IsMatch(value, "^" + body + "$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Singleline, TimeSpan.FromSeconds(10));
        }

        public static IEnumerable<object[]> GeneratedCases()
        {
            // Letters whose case rules differ (Kelvin sign ~ k, long s ≁ s, final sigma ≁ sigma), a newline, a star-like letter.
            const string alphabet = "aAbB?*kK\u212A\u017Fs\u03C3\u03C2\u03A3\u00E9\u00C9\n-";
            const string values = "aAbBkK\u212A\u017Fs\u03C3\u03C2\u03A3\u00E9\u00C9\n-*?";
            var random = new Random(20261201);
            for (int i = 0; i < 320; i++)
            {
                string pattern = Random(random, alphabet, random.Next(0, 7));
                string value = random.Next(4) == 0 ? Derive(random, pattern) : Random(random, values, random.Next(0, 9));
                yield return new object[] { Escape(pattern), Escape(value) };
            }
        }

        [Theory]
        [MemberData(nameof(GeneratedCases))]
        public void Matches_as_the_anchored_case_insensitive_rule_does(string pattern, string value)
        {
            string p = Unescape(pattern), v = Unescape(value);
            Assert.Equal(Reference(p, v), new WildcardPattern(p).IsMatch(v));
        }

        public static IEnumerable<object[]> PathologicalCases()
        {
            // name, pattern, value length, value filler, value tail, expected
            yield return new object[] { "*a*b vs 20k a", "*a*b", 20_000, 'a', "", false };
            yield return new object[] { "*a*a*b vs 20k a", "*a*a*b", 20_000, 'a', "", false };
            yield return new object[] { "*a*a*b vs 100k a", "*a*a*b", 100_000, 'a', "", false };
            yield return new object[] { "*a*a*a*a*a*a*b vs 100k a", "*a*a*a*a*a*a*b", 100_000, 'a', "", false };
            yield return new object[] { "*a*a*b vs 100k a then b", "*a*a*b", 100_000, 'a', "b", true };
            yield return new object[] { "?*?*?*?*?*?*b vs 100k a", "?*?*?*?*?*?*b", 100_000, 'a', "", false };
            yield return new object[] { "*aaaaaaaaaaaaaaaaab* vs 100k a", "*aaaaaaaaaaaaaaaaab*", 100_000, 'a', "", false };
            yield return new object[] { "*A*A*B ignores case", "*A*A*B", 100_000, 'a', "b", true };
            yield return new object[] { "100 stars", new string('*', 100) + "b", 100_000, 'a', "", false };
            yield return new object[] { "stars only", "***", 100_000, 'a', "", true };
            yield return new object[] { "a* on 100k", "a*", 100_000, 'a', "", true };
            yield return new object[] { "*b on 100k", "*b", 100_000, 'a', "", false };
        }

        [Theory]
        [MemberData(nameof(PathologicalCases))]
        public async Task Long_values_and_many_stars_match_in_bounded_time(string name, string pattern, int length, char filler, string tail, bool expected)
        {
            string value = new string(filler, length) + tail;
            var matcher = new WildcardPattern(pattern);
            // A hang guard, not a timing assertion: the regex took minutes on these (over 120 s for "*a*a*b" on 20,000 characters).
            var run = Task.Run(() => matcher.IsMatch(value));
            Assert.True(await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30))) == run, name + ": no answer within 30 s");
            Assert.Equal(expected, await run);
        }

        [Fact]
        public async Task A_long_pattern_against_a_long_value_is_linear_for_plain_segments()
        {
            // A 20,000-character segment of a's ending in b, searched in 100,000 a's: naive search compares 2·10^9 characters.
            string pattern = "*" + new string('a', 20_000) + "b*";
            string value = new string('a', 100_000);
            var run = Task.Run(() => new WildcardPattern(pattern).IsMatch(value) || new WildcardPattern(pattern).IsMatch(value + "b"));
            Assert.True(await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(30))) == run, "no answer within 30 s");
            Assert.True(await run);
        }

        [Theory]
        [InlineData("claude*", "Claude-Sonnet-4-5", true)]
        [InlineData("claude*", "my-claude", false)]
        [InlineData("*sonnet*", "claude-SONNET-4-5", true)]
        [InlineData("gpt-4?", "gpt-4o", true)]
        [InlineData("gpt-4?", "gpt-4", false)]
        [InlineData("gpt-4?", "gpt-4oo", false)]
        [InlineData("a*b*c", "abc", true)]
        [InlineData("a*b*c", "acb", false)]
        [InlineData("a**b", "ab", true)]
        [InlineData("*", "", true)]
        [InlineData("?", "", false)]
        [InlineData("", "", true)]
        [InlineData("a.b*", "aXb", false)]
        [InlineData("[ab]*", "[ab]c", true)]
        [InlineData("(x|y)*", "x", false)]
        [InlineData("k*", "\u212A-model", true)]
        [InlineData("s*", "\u017F", false)]
        [InlineData("a?b", "a\nb", true)]
        [InlineData("*\u00E9*", "CAF\u00C9", true)]
        public void Regex_characters_are_literal_and_case_follows_the_old_rule(string pattern, string value, bool expected)
        {
            Assert.Equal(expected, new WildcardPattern(pattern).IsMatch(value));
            Assert.Equal(expected, Reference(pattern, value));
        }

        [Fact]
        public void Null_never_matches()
        {
            Assert.False(new WildcardPattern("*").IsMatch(null));
            Assert.False(new WildcardPattern("x").IsMatch(null));
        }

        private static string Random(Random random, string alphabet, int length)
        {
            var sb = new StringBuilder(length);
            for (int i = 0; i < length; i++) sb.Append(alphabet[random.Next(alphabet.Length)]);
            return sb.ToString();
        }

        /// <summary>A value the pattern is likely to match: stars become short runs, ? one character, letters flip case.</summary>
        private static string Derive(Random random, string pattern)
        {
            var sb = new StringBuilder();
            foreach (char c in pattern)
            {
                if (c == '*') sb.Append(Random(random, "abAB", random.Next(0, 3)));
                else if (c == '?') sb.Append("xY\u212A"[random.Next(3)]);
                else sb.Append(random.Next(2) == 0 ? char.ToUpperInvariant(c) : char.ToLowerInvariant(c));
            }
            return sb.ToString();
        }

        // Theory data is shown in test names; escapes keep newlines and odd letters readable there.
        private static string Escape(string s) => string.Concat(s.Select(c => c < 128 && c >= 32 && c != '\\' ? c.ToString() : "\\u" + ((int)c).ToString("X4")));

        private static string Unescape(string s) => Regex.Replace(s, @"\\u([0-9A-F]{4})", m => ((char)Convert.ToInt32(m.Groups[1].Value, 16)).ToString());
    }
}
