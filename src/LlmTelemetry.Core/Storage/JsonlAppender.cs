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

        /// <summary>
        /// Appends <paramref name="count"/> bytes of whole lines and returns the offset they start at (the caller's
        /// lines then end at that offset + count). A write the OS refuses part way (full disk, file size limit) is cut
        /// back to the length the file had before, so a failed append leaves no torn line behind.
        /// </summary>
        public static long Append(string path, byte[] lines, int count)
        {
            FileStream? stream = null;
            long before = -1;
            try
            {
                stream = Open(path);
                long end = before = stream.Length;
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
                return end;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || (ex is ArgumentOutOfRangeException && before >= 0))
            {
                // ArgumentOutOfRangeException is how .NET reports EFBIG (the file size limit) from a write of valid arguments.
                WholeLineEnds.TryRemove(path, out _);
                var error = TelemetryException.ForIo(TelemetryOperation.Append, path, ex);
                if (stream is not null && before >= 0) CutBack(stream, before, path, error);
                throw error;
            }
            finally
            {
                stream?.Dispose();
            }
        }

        /// <summary>Removes what a failed append wrote; the caller holds the store lock, so no other writer's lines are past it.</summary>
        private static void CutBack(FileStream stream, long length, string path, TelemetryException error)
        {
            try
            {
                if (stream.Length > length) stream.SetLength(length);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentOutOfRangeException)
            {
                // Readers skip the torn line, and the id index does not count it as stored; say that it is there.
                throw new TelemetryException(error.Code, error.Message + $"; the partial line could not be removed ({ex.Message}) and will be skipped as unreadable",
                    path, TelemetryOperation.Append, ex);
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
