using System;
using System.Buffers;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading.Tasks;

namespace LlmTelemetry.Exporters.ClickHouse
{
    /// <summary>
    /// An INSERT's body written as it is sent (chunked): rows go through one pooled buffer that is flushed to the
    /// connection every <see cref="FlushAt"/> bytes, so a batch never exists as one string or one array and memory
    /// stays flat however many batches are sent. Writable again for each retry, since it reads only its rows.
    /// </summary>
    internal sealed class JsonEachRowContent : HttpContent
    {
        private const int FlushAt = 64 * 1024;

        // Non-ASCII text goes as UTF-8, as the store holds it; ClickHouse reads \u escapes too, but they are longer.
        private static readonly JsonWriterOptions WriterOptions = new JsonWriterOptions
        {
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            SkipValidation = true,
        };

        private readonly int _count;
        private readonly Action<Utf8JsonWriter, int> _writeRow;

        /// <param name="count">Rows.</param>
        /// <param name="writeRow">Writes row i as one JSON object.</param>
        public JsonEachRowContent(int count, Action<Utf8JsonWriter, int> writeRow)
        {
            _count = count;
            _writeRow = writeRow;
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            var buffer = new PooledBufferWriter(FlushAt + 4096);
            try
            {
                using var writer = new Utf8JsonWriter(buffer, WriterOptions);
                for (int i = 0; i < _count; i++)
                {
                    _writeRow(writer, i);
                    writer.Flush();
                    // One object per line: the writer's state is reset so the next root value gets no separator.
                    writer.Reset();
                    buffer.GetSpan(1)[0] = (byte)'\n';
                    buffer.Advance(1);
                    if (buffer.WrittenCount >= FlushAt)
                    {
                        await stream.WriteAsync(buffer.Array, 0, buffer.WrittenCount).ConfigureAwait(false);
                        buffer.Clear();
                    }
                }
                if (buffer.WrittenCount > 0) await stream.WriteAsync(buffer.Array, 0, buffer.WrittenCount).ConfigureAwait(false);
            }
            finally
            {
                buffer.Dispose();
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }

        /// <summary>An <see cref="IBufferWriter{T}"/> over one array from the shared pool, grown when a row does not fit.</summary>
        private sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
        {
            private byte[] _array;

            public PooledBufferWriter(int size) => _array = ArrayPool<byte>.Shared.Rent(size);

            public byte[] Array => _array;
            public int WrittenCount { get; private set; }

            public void Advance(int count) => WrittenCount += count;

            public Memory<byte> GetMemory(int sizeHint = 0)
            {
                Ensure(sizeHint);
                return _array.AsMemory(WrittenCount);
            }

            public Span<byte> GetSpan(int sizeHint = 0)
            {
                Ensure(sizeHint);
                return _array.AsSpan(WrittenCount);
            }

            public void Clear() => WrittenCount = 0;

            private void Ensure(int sizeHint)
            {
                int need = Math.Max(sizeHint, 256);
                while (_array.Length - WrittenCount < need) Internal.PooledBytes.Grow(ref _array, WrittenCount);
            }

            public void Dispose()
            {
                ArrayPool<byte>.Shared.Return(_array);
                _array = System.Array.Empty<byte>();
            }
        }
    }
}
