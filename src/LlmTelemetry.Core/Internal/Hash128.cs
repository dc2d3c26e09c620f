using System;
using System.Runtime.InteropServices;

namespace LlmTelemetry.Internal
{
    /// <summary>
    /// A 128-bit MurmurHash3 (x64) of text, used where a set must remember many ids (an import's calls, a day's stored
    /// ids) in 16 bytes each instead of a 100-byte string: a set of a million ids takes about 30 MB rather than 130 MB.
    /// Two different ids share a hash with a probability of about n²/2¹²⁹ (10⁻²⁶ for a billion ids), far below the
    /// chance of a disk error; it is not a defence against someone who crafts colliding ids (ids are not secrets).
    /// </summary>
    internal readonly struct Hash128 : IEquatable<Hash128>, IComparable<Hash128>
    {
        private const ulong C1 = 0x87c37b91114253d5UL;
        private const ulong C2 = 0x4cf5ad432745937fUL;

        public Hash128(ulong high, ulong low)
        {
            High = high;
            Low = low;
        }

        public ulong High { get; }
        public ulong Low { get; }

        public static Hash128 Of(string text) => Of(text.AsSpan());

        /// <summary>The hash of <paramref name="first"/>, a U+001F separator and <paramref name="second"/>: a two-part key without building the string.</summary>
        public static Hash128 Of(string first, string second)
        {
            int length = first.Length + 1 + second.Length;
            Span<char> buffer = length <= 256 ? stackalloc char[length] : new char[length];
            first.AsSpan().CopyTo(buffer);
            buffer[first.Length] = '\u001f';
            second.AsSpan().CopyTo(buffer.Slice(first.Length + 1));
            return Of(buffer.Slice(0, length));
        }

        /// <summary>A two-part key from the parts' hashes.</summary>
        public static Hash128 Of(Hash128 first, Hash128 second)
        {
            Span<ulong> parts = stackalloc ulong[4] { first.High, first.Low, second.High, second.Low };
            return OfBytes(MemoryMarshal.AsBytes(parts));
        }

        /// <summary>The hash of the text's UTF-16 code units (in memory only: the byte order is the machine's).</summary>
        public static Hash128 Of(ReadOnlySpan<char> text) => OfBytes(MemoryMarshal.AsBytes(text));

        /// <summary>MurmurHash3_x64_128 with seed 0: <see cref="High"/> is its h1, <see cref="Low"/> its h2.</summary>
        public static Hash128 OfBytes(ReadOnlySpan<byte> data)
        {
            ulong h1 = 0, h2 = 0;
            int blocks = data.Length / 16;
            for (int i = 0; i < blocks; i++)
            {
                ulong k1 = MemoryMarshal.Read<ulong>(data.Slice(i * 16));
                ulong k2 = MemoryMarshal.Read<ulong>(data.Slice(i * 16 + 8));
                h1 ^= MixK1(k1);
                h1 = Rotl(h1, 27) + h2;
                h1 = h1 * 5 + 0x52dce729;
                h2 ^= MixK2(k2);
                h2 = Rotl(h2, 31) + h1;
                h2 = h2 * 5 + 0x38495ab5;
            }

            var tail = data.Slice(blocks * 16);
            ulong t1 = 0, t2 = 0;
            for (int i = tail.Length - 1; i >= 8; i--) t2 = (t2 << 8) | tail[i];
            for (int i = Math.Min(tail.Length, 8) - 1; i >= 0; i--) t1 = (t1 << 8) | tail[i];
            if (tail.Length > 8) h2 ^= MixK2(t2);
            if (tail.Length > 0) h1 ^= MixK1(t1);

            h1 ^= (ulong)data.Length;
            h2 ^= (ulong)data.Length;
            h1 += h2;
            h2 += h1;
            h1 = Fmix(h1);
            h2 = Fmix(h2);
            h1 += h2;
            h2 += h1;
            return new Hash128(h1, h2);
        }

        private static ulong MixK1(ulong k) => Rotl(k * C1, 31) * C2;

        private static ulong MixK2(ulong k) => Rotl(k * C2, 33) * C1;

        private static ulong Rotl(ulong x, int r) => (x << r) | (x >> (64 - r));

        private static ulong Fmix(ulong k)
        {
            k ^= k >> 33;
            k *= 0xff51afd7ed558ccdUL;
            k ^= k >> 33;
            k *= 0xc4ceb9fe1a85ec53UL;
            k ^= k >> 33;
            return k;
        }

        public bool Equals(Hash128 other) => High == other.High && Low == other.Low;

        public override bool Equals(object? obj) => obj is Hash128 other && Equals(other);

        // The bits are already well mixed: any 32 of them make a good bucket hash.
        public override int GetHashCode() => (int)Low;

        public int CompareTo(Hash128 other) => High != other.High ? High.CompareTo(other.High) : Low.CompareTo(other.Low);

        public override string ToString() => High.ToString("x16") + Low.ToString("x16");
    }
}
