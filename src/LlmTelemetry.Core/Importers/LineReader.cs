using LlmTelemetry.Internal;
using System;
using System.Buffers;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;

namespace LlmTelemetry.Importers
{
    /// <summary>
    /// Splits a stream into lines over one pooled buffer, reading large chunks: no per-line allocation, no
    /// string decoding. The logs are hundreds of megabytes, so this loop is the importers' hot path.
    /// </summary>
    internal static class LineReader
    {
        internal const int ChunkSize = 1 << 20;

        [MethodImpl(HotPath.AggressiveOptimization)]
        public static LineReadResult Read(Stream stream, long startOffset, long startLine, LineSink sink, CancellationToken cancellation)
        {
            byte[] buffer = ArrayPool<byte>.Shared.Rent(ChunkSize);
            try
            {
                int start = 0, end = 0, scanFrom = 0;
                long bufferOffset = startOffset; // file offset of buffer[0]
                long line = startLine;
                long bytesRead = 0;
                bool first = startOffset == 0;
                while (true)
                {
                    cancellation.ThrowIfCancellationRequested();
                    if (end == buffer.Length)
                    {
                        if (start > 0)
                        {
                            Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
                            bufferOffset += start;
                            end -= start;
                            scanFrom -= start;
                            start = 0;
                        }
                        else
                        {
                            // One line longer than the buffer: grow rather than split it.
                            byte[] bigger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                            Buffer.BlockCopy(buffer, 0, bigger, 0, end);
                            ArrayPool<byte>.Shared.Return(buffer);
                            buffer = bigger;
                        }
                    }

                    int n = stream.Read(buffer, end, buffer.Length - end);
                    if (n <= 0) break;
                    if (first)
                    {
                        first = false;
                        if (n >= 3 && buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF)
                        {
                            start = 3;
                            scanFrom = 3;
                        }
                    }
                    end += n;
                    bytesRead += n;
                    sink.OnBytes(n);

                    while (true)
                    {
                        int nl = buffer.AsSpan(scanFrom, end - scanFrom).IndexOf((byte)'\n');
                        if (nl < 0)
                        {
                            scanFrom = end;
                            break;
                        }
                        int lineEnd = scanFrom + nl;
                        line++;
                        sink.OnLine(TrimCr(buffer.AsSpan(start, lineEnd - start)), bufferOffset + start, line);
                        start = lineEnd + 1;
                        scanFrom = start;
                    }
                }

                long consumedOffset = bufferOffset + start;
                if (end > start)
                {
                    if (sink.OnUnterminatedLine(TrimCr(buffer.AsSpan(start, end - start)), consumedOffset, line + 1))
                    {
                        line++;
                        consumedOffset = bufferOffset + end;
                    }
                }
                return new LineReadResult(consumedOffset, line, bytesRead);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        internal static ReadOnlySpan<byte> TrimCr(ReadOnlySpan<byte> line)
            => line.Length > 0 && line[line.Length - 1] == (byte)'\r' ? line.Slice(0, line.Length - 1) : line;

        /// <summary>
        /// The cheap shape check every line gets, parsed or not: a JSON object line starts with '{' and ends with '}'.
        /// It catches lines cut off by a killed writer without paying for a parse of lines we would skip.
        /// </summary>
        [MethodImpl(HotPath.AggressiveOptimization)]
        public static bool LooksLikeObject(ReadOnlySpan<byte> line)
        {
            int s = 0, e = line.Length - 1;
            while (s <= e && IsSpace(line[s])) s++;
            while (e >= s && IsSpace(line[e])) e--;
            return e > s && line[s] == (byte)'{' && line[e] == (byte)'}';
        }

        [MethodImpl(HotPath.AggressiveOptimization)]
        public static bool IsBlank(ReadOnlySpan<byte> line)
        {
            foreach (byte b in line) if (!IsSpace(b)) return false;
            return true;
        }

        private static bool IsSpace(byte b) => b == (byte)' ' || b == (byte)'\t' || b == (byte)'\r';
    }
}
