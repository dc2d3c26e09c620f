using System;
using System.Runtime.CompilerServices;
using System.Text;

namespace LlmTelemetry.Internal
{
    /// <summary>
    /// Returns the same string for the same UTF-8 bytes without decoding them again. Logs and stores repeat their
    /// session, folder, branch, agent and model on every line, so most lookups hit and allocate nothing.
    /// A direct-mapped table (one entry per hash slot, newest wins) keeps a lookup to one hash and one compare.
    /// </summary>
    internal sealed class Utf8StringCache
    {
        private static readonly Encoding Strict = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

        private readonly byte[]?[] _keys;
        private readonly string[] _values;
        private readonly int _mask;
        private readonly Encoding _encoding;

        /// <param name="slots">Rounded up to a power of two; size it to the number of distinct values expected.</param>
        /// <param name="strict">
        /// Invalid UTF-8 throws InvalidOperationException (as Utf8JsonReader.GetString does) instead of decoding to U+FFFD:
        /// the store's reader, for which such a line is not a record.
        /// </param>
        public Utf8StringCache(int slots = 4, bool strict = false)
        {
            _encoding = strict ? Strict : Encoding.UTF8;
            int size = 1;
            while (size < slots * 2) size <<= 1;
            _keys = new byte[size][];
            _values = new string[size];
            _mask = size - 1;
        }

        [MethodImpl(HotPath.AggressiveOptimization)]
        public string Get(ReadOnlySpan<byte> utf8)
        {
            uint hash = 2166136261;
            foreach (byte b in utf8) hash = (hash ^ b) * 16777619;
            int slot = (int)(hash & (uint)_mask);
            var key = _keys[slot];
            if (key is not null && utf8.SequenceEqual(key)) return _values[slot];
            var bytes = utf8.ToArray();
            string value;
            try
            {
                value = _encoding.GetString(bytes);
            }
            catch (DecoderFallbackException ex)
            {
                throw new InvalidOperationException("invalid UTF-8 in a string value", ex);
            }
            _keys[slot] = bytes;
            _values[slot] = value;
            return value;
        }
    }
}
