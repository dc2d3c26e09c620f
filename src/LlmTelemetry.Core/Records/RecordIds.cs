using System;
using System.Security.Cryptography;
using System.Text;

namespace LlmTelemetry.Records
{
    /// <summary>Record ids: ULIDs for new records, and stable hashes for imported ones so a second import adds nothing.</summary>
    internal static class RecordIds
    {
        private const string Crockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

        // RandomNumberGenerator is thread-safe; creating one per id was most of an append's allocations.
        private static readonly RandomNumberGenerator Random = RandomNumberGenerator.Create();

        /// <summary>A new ULID: 48 bits of milliseconds then 80 random bits, so ids sort roughly by time.</summary>
        public static string NewUlid(DateTimeOffset? at = null)
        {
            long ms = (at ?? DateTimeOffset.UtcNow).ToUnixTimeMilliseconds();
            var bytes = new byte[16];
            for (int i = 5; i >= 0; i--) { bytes[i] = (byte)(ms & 0xFF); ms >>= 8; }
            var random = new byte[10];
            Random.GetBytes(random);
            Buffer.BlockCopy(random, 0, bytes, 6, 10);
            return EncodeBase32(bytes);
        }

        /// <summary>A deterministic id for a record derived from a source's own identifiers.</summary>
        public static string Derived(string source, params string?[] parts)
        {
            var text = new StringBuilder(source);
            foreach (var part in parts) text.Append('\u001f').Append(part ?? "");
            byte[] hash;
            using (var sha = SHA256.Create()) hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text.ToString()));
            var first = new byte[16];
            Buffer.BlockCopy(hash, 0, first, 0, 16);
            return source + "-" + EncodeBase32(first);
        }

        /// <summary>"sha256:&lt;hex&gt;" of the UTF-8 text, the form prompt_hash and response_hash take.</summary>
        public static string Sha256Hash(string text)
        {
            byte[] hash;
            using (var sha = SHA256.Create()) hash = sha.ComputeHash(Encoding.UTF8.GetBytes(text));
            var sb = new StringBuilder("sha256:", 7 + 64);
            foreach (byte b in hash) sb.Append(b.ToString("x2"));
            return sb.ToString();
        }

        private static string EncodeBase32(byte[] bytes)
        {
            // 128 bits → 26 Crockford characters, most significant first (the ULID text form).
            var chars = new char[26];
            int bitBuffer = 0, bits = 0, pos = 0;
            // Leading 2 padding bits make 130 = 26 × 5.
            bits = 2;
            foreach (byte b in bytes)
            {
                bitBuffer = (bitBuffer << 8) | b;
                bits += 8;
                while (bits >= 5)
                {
                    bits -= 5;
                    chars[pos++] = Crockford[(bitBuffer >> bits) & 31];
                }
                bitBuffer &= (1 << bits) - 1;
            }
            return new string(chars, 0, pos);
        }
    }
}
