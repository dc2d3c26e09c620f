using System.Collections.Generic;
using System.Globalization;
using LlmTelemetry.Exporters;
using Xunit;

namespace LlmTelemetry.Tests.Hostile
{
    /// <summary>
    /// Every control character a stored value can carry to a terminal, alone and inside real attack sequences, and the
    /// text that must stay exactly as it is. The rule: C0 controls, DEL, C1 controls (U+0080..U+009F), the bidi marks,
    /// embeddings, overrides and isolates, and U+2028/U+2029 are shown as visible escapes; everything else is untouched.
    /// Multi-line text (a model's answer) keeps its line feeds and tabs; a carriage return is always escaped.
    /// </summary>
    public sealed class HostileTerminalTextTests
    {
        private static string Named(char c) => c switch
        {
            '\u001b' => "\\e",
            '\a' => "\\a",
            '\b' => "\\b",
            '\t' => "\\t",
            '\n' => "\\n",
            '\v' => "\\v",
            '\f' => "\\f",
            '\r' => "\\r",
            '\0' => "\\0",
            _ => c < 0x80 ? "\\x" + ((int)c).ToString("x2", CultureInfo.InvariantCulture) : "\\u" + ((int)c).ToString("x4", CultureInfo.InvariantCulture),
        };

        public static IEnumerable<object[]> ControlCharacters()
        {
            for (int c = 0; c < 0x20; c++) yield return new object[] { (int)c };
            for (int c = 0x7F; c <= 0x9F; c++) yield return new object[] { (int)c };
            foreach (int c in new[] { 0x061C, 0x200E, 0x200F, 0x2028, 0x2029, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069 })
                yield return new object[] { c };
        }

        [Theory]
        [MemberData(nameof(ControlCharacters))]
        public void A_control_character_inside_a_value_is_shown_as_an_escape(int code)
        {
            char c = (char)code;
            Assert.Equal("agent" + Named(c) + "name", TerminalText.Escape("agent" + c + "name"));
            Assert.Equal(Named(c) + Named(c), TerminalText.Escape(new string(c, 2)));
        }

        [Theory]
        [MemberData(nameof(ControlCharacters))]
        public void Multi_line_text_keeps_only_its_line_feeds_and_tabs(int code)
        {
            char c = (char)code;
            string expected = c == '\n' || c == '\t' ? "line" + c + "next" : "line" + Named(c) + "next";
            Assert.Equal(expected, TerminalText.Escape("line" + c + "next", keepLineBreaks: true));
        }

        public static IEnumerable<object[]> Attacks() => new[]
        {
            new object[] { "x\u001b]0;pwned\u0007\u001b[2J", "x\\e]0;pwned\\a\\e[2J" },                         // retitle, clear screen
            new object[] { "\u001b]8;;http://evil.example\u0007click\u001b]8;;\u0007", "\\e]8;;http://evil.example\\aclick\\e]8;;\\a" }, // OSC 8 link
            new object[] { "\u001b]52;c;cm0gLXJmIH4=\u0007", "\\e]52;c;cm0gLXJmIH4=\\a" },                      // OSC 52 clipboard write
            new object[] { "\u009b2J\u009d0;t\u009c", "\\u009b2J\\u009d0;t\\u009c" },                           // 8-bit CSI, OSC, ST
            new object[] { "\u001bP+q544e\u001b\\", "\\eP+q544e\\e\\" },                                          // DCS request
            new object[] { "ok\rFAKE OK", "ok\\rFAKE OK" },                                                       // overwrite the line
            new object[] { "a\b\b\bb", "a\\b\\b\\bb" },                                                           // backspaces
            new object[] { "/home/u/\u202Etxt.exe", "/home/u/\\u202etxt.exe" },                                   // RTL override
            new object[] { "\u001b[6n", "\\e[6n" },                                                               // cursor report (reply injection)
            new object[] { "\u001b[?1049h", "\\e[?1049h" },                                                       // alternate screen
            new object[] { "\u0000nul", "\\0nul" },
            new object[] { "\u007f", "\\x7f" },
        };

        [Theory]
        [MemberData(nameof(Attacks))]
        public void Escape_sequences_are_shown_not_obeyed(string value, string shown)
        {
            Assert.Equal(shown, TerminalText.Escape(value));
            Assert.Equal(shown.Replace("\\n", "\n"), TerminalText.Escape(value, keepLineBreaks: true).Replace("\\n", "\n"));
        }

        public static IEnumerable<object[]> Untouched() => new[]
        {
            new object[] { "" },
            new object[] { "claude-sonnet-4-5" },
            new object[] { "C:\\Users\\ann\\project" },
            new object[] { "[bold]markup is Spectre's business[/]" },
            new object[] { "Grüße, naïve café" },
            new object[] { "日本語のエージェント" },
            new object[] { "emoji 🚀 and 👩‍💻" },
            new object[] { "العربية" },
            new object[] { "\u00a0non-breaking space" },
            new object[] { "\\e is already text" },
        };

        [Theory]
        [MemberData(nameof(Untouched))]
        public void Printable_text_is_returned_as_it_is(string value)
        {
            Assert.Same(value, TerminalText.Escape(value));
            Assert.Same(value, TerminalText.Escape(value, keepLineBreaks: true));
        }

        [Fact]
        public void Null_is_empty() => Assert.Equal("", TerminalText.Escape(null));
    }
}
