using System;
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
        public static void Append(string path, byte[] lines, int count)
        {
            try
            {
                using var stream = Open(path);
                long length = stream.Length;
                if (length == 0)
                {
                    FileSystem.RestrictFile(path);
                }
                else
                {
                    // A writer killed mid-line left a torn tail: start a fresh line so only that record is lost.
                    stream.Seek(length - 1, SeekOrigin.Begin);
                    if (stream.ReadByte() != '\n')
                    {
                        stream.Seek(0, SeekOrigin.End);
                        stream.WriteByte((byte)'\n');
                    }
                }
                stream.Seek(0, SeekOrigin.End);
                stream.Write(lines, 0, count);
                stream.Flush();
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
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
