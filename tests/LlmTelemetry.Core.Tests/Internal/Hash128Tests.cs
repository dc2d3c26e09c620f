using System;
using System.Collections.Generic;
using System.Text;
using LlmTelemetry.Internal;
using Xunit;

namespace LlmTelemetry.Tests.Internal
{
    public sealed class Hash128Tests
    {
        /// <summary>The published MurmurHash3_x64_128 values (seed 0): the sets that trust these hashes rest on a known algorithm.</summary>
        [Theory]
        [InlineData("", 0UL, 0UL)]
        [InlineData("The quick brown fox jumps over the lazy dog", 0xe34bbc7bbc071b6cUL, 0x7a433ca9c49a9347UL)]
        public void Bytes_hash_to_the_reference_values(string text, ulong h1, ulong h2)
        {
            var hash = Hash128.OfBytes(Encoding.UTF8.GetBytes(text));
            Assert.Equal(h1, hash.High);
            Assert.Equal(h2, hash.Low);
        }

        [Theory]
        [InlineData("msg_01", "req_01")]
        [InlineData("", "")]
        [InlineData("a-long-message-id-that-goes-past-the-stack-buffer-", "req")]
        public void A_two_part_key_hashes_as_its_parts_joined_by_a_unit_separator(string first, string second)
        {
            var longFirst = first.Length > 40 ? new string('m', 300) + first : first;
            Assert.Equal(Hash128.Of(longFirst + "\u001f" + second), Hash128.Of(longFirst, second));
            Assert.NotEqual(Hash128.Of(longFirst + "x", second), Hash128.Of(longFirst, "x" + second));
        }

        [Fact]
        public void A_million_distinct_ids_give_a_million_distinct_hashes()
        {
            var seen = new HashSet<Hash128>();
            for (int i = 0; i < 1_000_000; i++) Assert.True(seen.Add(Hash128.Of("claude-code-" + i.ToString("D8", System.Globalization.CultureInfo.InvariantCulture))));
            // Every tail length (0..15 bytes past the 16-byte blocks) takes part.
            var lengths = new HashSet<Hash128>();
            for (int n = 0; n < 40; n++) Assert.True(lengths.Add(Hash128.Of(new string('a', n))));
        }
    }
}
