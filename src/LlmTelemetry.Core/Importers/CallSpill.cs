using System;
using System.IO;
using System.Runtime.InteropServices;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Importers
{
    /// <summary>
    /// Where the Claude Code import's first pass puts the calls it found (<see cref="ClaudeCodeCall"/>, 48 bytes each)
    /// until the second pass reads them back, so that an import's memory does not grow with the calls of the logs it
    /// reads: a file of blocks, written once and read back a block at a time. It is a private scratch file (see
    /// <see cref="FileSystem.CreateScratch"/>) in the store's import folder rather than the system's temp folder,
    /// which is often RAM (tmpfs), and is opened only when there is a call to keep. It takes 48 bytes a call on disk
    /// (37 MB for 773k calls) and is gone when the import ends, or is killed. Blocks are appended and read
    /// under one lock: worker threads parse and re-read files at once, and a block is large enough that the lock
    /// costs nothing next to the copy.
    /// </summary>
    internal sealed class CallSpill : IDisposable
    {
        private static readonly int CallBytes = MemoryMarshal.AsBytes(new ClaudeCodeCall[1].AsSpan()).Length;

        private readonly string _folder;
        private readonly object _gate = new object();
        private FileStream? _file;
        private byte[] _buffer = Array.Empty<byte>();
        private long _length;

        public CallSpill(string folder) => _folder = folder;

        /// <summary>Bytes written so far: what the import keeps on disk instead of in memory.</summary>
        public long Length
        {
            get { lock (_gate) return _length; }
        }

        /// <summary>Appends calls [0, count) of <paramref name="calls"/>; returns where the block starts.</summary>
        public long Write(ClaudeCodeCall[] calls, int count)
        {
            lock (_gate)
            {
                var file = _file ??= Open();
                int bytes = count * CallBytes;
                if (_buffer.Length < bytes) _buffer = new byte[bytes];
                MemoryMarshal.AsBytes(calls.AsSpan(0, count)).CopyTo(_buffer);
                long start = _length;
                try
                {
                    file.Position = start;
                    file.Write(_buffer, 0, bytes);
                }
                catch (IOException ex)
                {
                    // Not the log's fault: an import that cannot keep its calls stops, naming the folder (disk full).
                    throw TelemetryException.ForIo(TelemetryOperation.Write, _folder, ex);
                }
                _length = start + bytes;
                return start;
            }
        }

        /// <summary>
        /// The scratch file, in the store's import folder; in the system's temp folder when that cannot be written (a dry
        /// run over a read-only store), or where there is no store yet (a dry run creates none), where it is as private.
        /// When neither can be created, the import stops naming both.
        /// </summary>
        private FileStream Open()
        {
            TelemetryException? first = null;
            var store = Path.GetDirectoryName(Path.GetFullPath(_folder));
            if (store is not null && Directory.Exists(store))
            {
                try
                {
                    return FileSystem.CreateScratch(_folder, "claude-code-calls");
                }
                catch (TelemetryException ex)
                {
                    first = ex;
                }
            }
            try
            {
                return FileSystem.CreateScratch(Path.GetTempPath(), "llm-telemetry-claude-code-calls");
            }
            catch (TelemetryException second) when (first is not null)
            {
                throw new TelemetryException(TelemetryErrorCode.WriteError,
                    $"The import keeps the calls it found in a scratch file, and could create none: {first.Message}; {second.Message}", _folder, TelemetryOperation.Write, first);
            }
        }

        /// <summary>Reads back the <paramref name="count"/> calls of the block written at <paramref name="start"/>.</summary>
        public void Read(long start, ClaudeCodeCall[] into, int count)
        {
            lock (_gate)
            {
                if (_file is null || start + (long)count * CallBytes > _length) throw new InvalidOperationException("read past the calls written");
                int bytes = count * CallBytes;
                if (_buffer.Length < bytes) _buffer = new byte[bytes];
                try
                {
                    _file.Position = start;
                    int read = 0, n;
                    while (read < bytes && (n = _file.Read(_buffer, read, bytes - read)) > 0) read += n;
                    if (read < bytes) throw new EndOfStreamException($"{bytes - read} bytes of the import's calls are missing");
                }
                catch (IOException ex)
                {
                    throw TelemetryException.ForIo(TelemetryOperation.Read, _folder, ex);
                }
                MemoryMarshal.Cast<byte, ClaudeCodeCall>(_buffer.AsSpan(0, bytes)).CopyTo(into);
            }
        }

        public void Dispose()
        {
            lock (_gate)
            {
                _file?.Dispose();
                _file = null;
                _buffer = Array.Empty<byte>();
            }
        }
    }
}
