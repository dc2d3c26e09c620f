using System.Collections.Generic;
using LlmTelemetry.Providers;
using Xunit;

namespace LlmTelemetry.Tests.Hostile
{
    /// <summary>
    /// How provider error texts echo a hidden prompt, and what of them may be stored. The rule (SecretScrubber.RemoveEchoes):
    /// runs of 12+ characters from the prompt, quoted fragments of 4+ found in it, and whole prompt lines of 6+ are
    /// redacted; the provider's own words around them stay, and an error that echoes nothing is returned unchanged.
    /// </summary>
    public sealed class HostileErrorTextTests
    {
        private const string Prompt = "system: You are terse.\n\nuser: Draft the Q3 layoffs memo for ACME-SECRET-42";

        public static IEnumerable<object[]> Cases() => new[]
        {
            new object[] { "your message 'Draft the Q3 layoffs memo for ACME-SECRET-42' was rejected", "your message '[redacted]' was rejected" },
            new object[] { "your message \"Draft the Q3 layoffs…\" was rejected", "your message \"[redacted]\" was rejected" },
            new object[] { "your message 'Draft the Q3 lay...' was rejected", "your message '[redacted]' was rejected" },
            new object[] { "flagged: layoffs memo for ACME", "flagged: [redacted]" },
            new object[] { "flagged: `ACME-SECRET-42`", "flagged: `[redacted]`" },
            new object[] { "flagged: \u201CACME\u201D", "flagged: \u201C[redacted]\u201D" },
            new object[] { "input 'Draft the Q3 layoffs memo for ACME-SECRET-42' and 'ACME-SECRET-42' both rejected", "input '[redacted]' and '[redacted]' both rejected" },
            new object[] { "prefix Draft the Q3 layoffs memo for ACME-SECRET-42 suffix", "prefix [redacted] suffix" },
            new object[] { "You are terse. is not allowed", "[redacted] is not allowed" },
            new object[] { "rate limited, retry in 20 s", "rate limited, retry in 20 s" },
            new object[] { "model 'gpt-5' does not exist", "model 'gpt-5' does not exist" },
            new object[] { "'the' is fine", "'the' is fine" },
            new object[] { "", "" },
            new object[] { "'", "'" },
            new object[] { "''''''", "''''''" },
            new object[] { "Draft", "Draft" },
            new object[] { "DRAFT THE Q3 LAYOFFS MEMO", "DRAFT THE Q3 LAYOFFS MEMO" }, // case changed by the provider: not the same text
        };

        [Theory]
        [MemberData(nameof(Cases))]
        public void Echoes_of_a_hidden_prompt_are_redacted_and_the_rest_is_kept(string error, string expected)
            => Assert.Equal(expected, SecretScrubber.RemoveEchoes(error, Prompt));

        [Fact]
        public void Nothing_hidden_changes_nothing()
        {
            const string error = "your message 'Draft the Q3 layoffs memo' was rejected";
            Assert.Same(error, SecretScrubber.RemoveEchoes(error, null));
            Assert.Same(error, SecretScrubber.RemoveEchoes(error, ""));
        }

        [Fact]
        public void A_large_prompt_is_scanned_once()
        {
            var prompt = new string('x', 2_000_000) + " TAIL-SECRET-0001 " + new string('y', 1000);
            Assert.Equal("quoted '[redacted]'", SecretScrubber.RemoveEchoes("quoted 'TAIL-SECRET-0001'", prompt));
            Assert.Equal("near [redacted]", SecretScrubber.RemoveEchoes("near xxxxxxxxxxxxxxxxxxxxxxxxxxxxx", prompt));
        }
    }
}
