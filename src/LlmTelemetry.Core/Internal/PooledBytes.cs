using System;
using System.Buffers;

namespace LlmTelemetry.Internal
{
    /// <summary>Buffers from the shared pool that grow when a line or a document does not fit.</summary>
    internal static class PooledBytes
    {
        /// <summary>Swaps <paramref name="buffer"/> for a pooled one twice its size holding its first <paramref name="used"/> bytes; the old one goes back to the pool.</summary>
        public static void Grow(ref byte[] buffer, int used)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
            Buffer.BlockCopy(buffer, 0, bigger, 0, used);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = bigger;
        }
    }
}
