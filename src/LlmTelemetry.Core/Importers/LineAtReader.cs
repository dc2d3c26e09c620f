using System;
using System.Buffers;
using System.IO;

namespace LlmTelemetry.Importers
{
    /// <summary>
    /// Reads single lines at known offsets of a log, in increasing order: the second pass of an import that kept only
    /// where each call's line is, not the call itself. Reads ahead in 1 MiB windows, so offsets that follow each other
    /// (the usual case) cost no more than reading the file through once.
    /// </summary>
    internal sealed class LineAtReader : IDisposable
    {
        private readonly FileStream _stream;
        private readonly long _limit;
        private byte[] _buffer = ArrayPool<byte>.Shared.Rent(LineReader.ChunkSize);
        private long _bufferOffset; // file offset of _buffer[0]
        private int _filled;

        /// <param name="limit">Bytes of the file that the first pass read: a line never runs past them.</param>
        public LineAtReader(string path, long limit)
        {
            _stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
            _limit = Math.Min(limit, _stream.Length);
        }

        /// <summary>The line that starts at <paramref name="offset"/>, without its line break; empty past the limit.</summary>
        public ReadOnlySpan<byte> LineAt(long offset)
        {
            if (offset < 0 || offset >= _limit) return ReadOnlySpan<byte>.Empty;
            if (offset < _bufferOffset || offset >= _bufferOffset + _filled) Fill(offset, 0);
            int start = (int)(offset - _bufferOffset);
            while (true)
            {
                int nl = _buffer.AsSpan(start, _filled - start).IndexOf((byte)'\n');
                if (nl >= 0) return LineReader.TrimCr(_buffer.AsSpan(start, nl));
                if (_bufferOffset + _filled >= _limit) return LineReader.TrimCr(_buffer.AsSpan(start, _filled - start));
                // The line goes on past the window: keep its start and read more (a window larger than the line if need be).
                // A file cut shorter since the first pass gives no more bytes: what there is, is the line.
                int had = _filled - start;
                Fill(_bufferOffset + start, had);
                start = 0;
                if (_filled == had) return LineReader.TrimCr(_buffer.AsSpan(0, _filled));
            }
        }

        /// <summary>Makes the window start at <paramref name="offset"/>, keeping the <paramref name="keep"/> bytes already read from there.</summary>
        private void Fill(long offset, int keep)
        {
            if (keep > 0)
            {
                if (keep == _buffer.Length)
                {
                    var bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
                    Buffer.BlockCopy(_buffer, _filled - keep, bigger, 0, keep);
                    ArrayPool<byte>.Shared.Return(_buffer);
                    _buffer = bigger;
                }
                else
                {
                    Buffer.BlockCopy(_buffer, _filled - keep, _buffer, 0, keep);
                }
            }
            _bufferOffset = offset;
            _filled = keep;
            _stream.Position = offset + keep;
            int want = (int)Math.Min(_buffer.Length - keep, _limit - offset - keep);
            while (want > 0)
            {
                int n = _stream.Read(_buffer, _filled, want);
                if (n <= 0) break;
                _filled += n;
                want -= n;
            }
        }

        public void Dispose()
        {
            _stream.Dispose();
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = Array.Empty<byte>();
        }
    }
}
