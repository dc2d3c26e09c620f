using System;
using System.Collections.Concurrent;
using System.IO;
using LlmTelemetry.Records;

namespace LlmTelemetry.Storage
{
    /// <summary>
    /// Appends whole lines to a JSONL file. Callers hold the store lock, so the end of the file is stable while
    /// this runs; each batch is one write call, so a line is never interleaved with another writer's.
    /// </summary>
    internal static class JsonlAppender
    {
        /// <summary>
        /// The length each file had after this process last appended whole lines to it. When a file still has that
        /// length nobody has written since, so it ends with a newline and the one-byte read that checks for a torn
        /// tail can be skipped: appending is the hot path, and that check was a read plus a stat per record.
        /// </summary>
        private static readonly ConcurrentDictionary<string, long> WholeLineEnds = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);

        public static void Append(string path, byte[] lines, int count)
        {
            try
            {
                using var stream = Open(path);
                long end = stream.Length;
                if (end == 0)
                {
                    FileSystem.RestrictFile(path);
                }
                else if (!(WholeLineEnds.TryGetValue(path, out long known) && known == end))
                {
                    // A writer killed mid-line left a torn tail: start a fresh line so only that record is lost.
                    stream.Position = end - 1;
                    if (stream.ReadByte() != '\n')
                    {
                        stream.Position = end;
                        stream.WriteByte((byte)'\n');
                        end++;
                    }
                }
                stream.Position = end;
                stream.Write(lines, 0, count);
                stream.Flush();
                if (count > 0 && lines[count - 1] == '\n') WholeLineEnds[path] = end + count;
                else WholeLineEnds.TryRemove(path, out _);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                WholeLineEnds.TryRemove(path, out _);
                throw TelemetryException.ForIo(TelemetryOperation.Append, path, ex);
            }
        }

        private static FileStream Open(string path)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
            }
            catch (DirectoryNotFoundException)
            {
                // The day folder was removed by maintenance in another process since we last saw it.
                FileSystem.EnsureDirectory(Path.GetDirectoryName(path)!);
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
            }
        }
    }
}
