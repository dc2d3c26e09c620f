using System;
using System.Runtime.CompilerServices;

namespace LlmTelemetry.Internal
{
    /// <summary>
    /// Returns the same string for the same UTF-8 bytes without decoding them again. A log repeats its session,
    /// folder, branch and model on every line, so most lookups hit and allocate nothing.
    /// </summary>
    internal sealed class Utf8StringCache
    {
        private readonly byte[][] _keys;
        private readonly string[] _values;
        private int _next;

        public Utf8StringCache(int slots = 4)
        {
            _keys = new byte[slots][];
            _values = new string[slots];
        }

        [MethodImpl(HotPath.AggressiveOptimization)]
        public string Get(ReadOnlySpan<byte> utf8)
        {
            for (int i = 0; i < _keys.Length; i++)
            {
                var key = _keys[i];
                if (key is not null && utf8.SequenceEqual(key)) return _values[i];
            }
            var value = System.Text.Encoding.UTF8.GetString(utf8.ToArray());
            int slot = _next;
            _next = (_next + 1) % _keys.Length;
            _keys[slot] = utf8.ToArray();
            _values[slot] = value;
            return value;
        }
    }
}
