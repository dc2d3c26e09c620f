using System;
using System.Buffers;
using System.IO;
using System.IO.Compression;
using LlmTelemetry.Internal;
using LlmTelemetry.Records;

namespace LlmTelemetry.Storage
{
    /// <summary>
    /// Reads a JSON Lines file (plain or .gz) as raw UTF-8 lines from a pooled buffer, without decoding to strings.
    /// A line handed out is valid only until the next call. Shared by the store's readers, its id index and the importers.
    /// </summary>
    internal sealed class JsonlLineReader : IDisposable
    {
        private const int InitialBuffer = 256 * 1024;

        private readonly Stream _stream;
        private byte[] _buffer;
        private int _start;
        private int _end;
        private bool _eof;

        public JsonlLineReader(string path, long startOffset = 0)
        {
            Path = path;
            try
            {
                var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
                if (path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase))
                {
                    _stream = new GZipStream(file, CompressionMode.Decompress);
                }
                else
                {
                    if (startOffset > 0) file.Seek(startOffset, SeekOrigin.Begin);
                    _stream = file;
                    Position = startOffset;
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw TelemetryException.ForIo(TelemetryOperation.Read, path, ex);
            }
            _buffer = ArrayPool<byte>.Shared.Rent(InitialBuffer);
        }

        public string Path { get; }

        /// <summary>1-based number of the line last returned (counted from the start offset).</summary>
        public long LineNumber { get; private set; }

        /// <summary>Offset in the (uncompressed) file just after the last returned line.</summary>
        public long Position { get; private set; }

        /// <summary>True when the last line returned had no terminating newline (a torn tail, or a writer without one).</summary>
        public bool LastLineUnterminated { get; private set; }

        /// <summary>Returns the next line without its '\n' (and '\r'); false at the end of the file.</summary>
        public bool TryReadLine(out ReadOnlySpan<byte> line)
        {
            while (true)
            {
                int newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                if (newline >= 0)
                {
                    int length = newline - _start;
                    Position += length + 1;
                    if (length > 0 && _buffer[newline - 1] == (byte)'\r') length--;
                    line = new ReadOnlySpan<byte>(_buffer, _start, length);
                    _start = newline + 1;
                    LineNumber++;
                    LastLineUnterminated = false;
                    return true;
                }
                if (_eof)
                {
                    if (_end > _start)
                    {
                        line = new ReadOnlySpan<byte>(_buffer, _start, _end - _start);
                        Position += _end - _start;
                        _start = _end;
                        LineNumber++;
                        LastLineUnterminated = true;
                        return true;
                    }
                    line = default;
                    return false;
                }
                Fill();
            }
        }

        private void Fill()
        {
            if (_start > 0)
            {
                Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
                _end -= _start;
                _start = 0;
            }
            if (_end == _buffer.Length)
            {
                // A line longer than the buffer: grow rather than split it.
                PooledBytes.Grow(ref _buffer, _end);
            }
            int read;
            try
            {
                read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            }
            catch (InvalidDataException ex)
            {
                // A damaged or truncated .gz: what was decompressed so far is still returned.
                throw TelemetryException.ForIo(TelemetryOperation.Read, Path, ex);
            }
            catch (IOException ex)
            {
                throw TelemetryException.ForIo(TelemetryOperation.Read, Path, ex);
            }
            if (read == 0) _eof = true;
            _end += read;
        }

        public void Dispose()
        {
            _stream.Dispose();
            if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = Array.Empty<byte>();
        }
    }
}
