using System;
using System.IO;
using System.Text;
using LlmTelemetry.Records;

namespace LlmTelemetry.Storage
{
    /// <summary>
    /// The one way the product writes a whole file: exports, reports, the user's config and model overrides, import
    /// checkpoints, store summaries, compaction and rewrites. A regular file is never written in place: the content
    /// goes to a new temporary file beside it (random name, created exclusively and owner-only, so nothing planted
    /// beside the target can be followed or read), is flushed, and is renamed over the target only when complete: a
    /// reader sees the old file or the new one, and a failed or stopped write leaves the old one as it was.
    /// </summary>
    internal static class OutputFile
    {
        private const int BufferSize = 1 << 16;

        /// <summary>Where the content goes, decided by what is at the path now.</summary>
        private enum Plan
        {
            Create,
            Replace,
            ReplaceEntry,
            InPlace,
            InPlaceTruncate,
        }

        /// <summary>
        /// Checks a path a person typed: empty, not a path, or ending in a separator is a bad argument naming
        /// <paramref name="parameter"/>. Returns the full path.
        /// </summary>
        public static string ValidateNamed(string? path, string parameter)
        {
            if (path is null || path.Trim().Length == 0) throw new TelemetryValidationException(parameter, path, "is empty; name a file");
            if (path.IndexOf('\0') >= 0) throw new TelemetryValidationException(parameter, path, "contains a NUL character");
            string full;
            try
            {
                full = Path.GetFullPath(path);
            }
            catch (Exception ex) when (ex is ArgumentException || ex is NotSupportedException || ex is PathTooLongException)
            {
                throw new TelemetryValidationException(parameter, path, "is not a valid file path (" + ex.Message + ")");
            }
            char last = path[path.Length - 1];
            if (last == Path.DirectorySeparatorChar || last == Path.AltDirectorySeparatorChar)
                throw new TelemetryValidationException(parameter, path, "ends with a path separator; name a file, not a folder");
            return full;
        }

        /// <summary>Runs <paramref name="write"/> on the stream for <paramref name="path"/> and returns what it returns.</summary>
        public static T Write<T>(string path, OutputPolicy policy, bool durable, Func<Stream, T> write)
        {
            string full = Path.GetFullPath(path);
            var plan = Decide(full, policy);
            switch (plan)
            {
                case Plan.InPlace:
                case Plan.InPlaceTruncate:
                    return WriteInPlace(full, plan == Plan.InPlaceTruncate, write);
                default:
                    return WriteAndRename(full, plan, durable, write);
            }
        }

        public static void Write(string path, OutputPolicy policy, bool durable, Action<Stream> write)
            => Write(path, policy, durable, stream => { write(stream); return true; });

        public static void WriteText(string path, string text, OutputPolicy policy, bool durable)
        {
            var bytes = new UTF8Encoding(false).GetBytes(text);
            Write(path, policy, durable, stream => stream.Write(bytes, 0, bytes.Length));
        }

        private static Plan Decide(string full, OutputPolicy policy)
        {
            var kind = FileSystem.KindOf(full, followLink: false);
            if (kind == PathKind.Directory) throw Refused(full, "it is a folder; name a file");
            if (policy == OutputPolicy.Owned)
                return kind == PathKind.Missing ? Plan.Create : kind == PathKind.File || kind == PathKind.Unknown ? Plan.Replace : Plan.ReplaceEntry;

            switch (kind)
            {
                case PathKind.Missing:
                    string folder = Path.GetDirectoryName(full)!;
                    if (!Directory.Exists(folder))
                        throw Refused(full, File.Exists(folder) ? $"{folder} is not a folder" : $"the folder {folder} does not exist");
                    return Plan.Create;
                case PathKind.File:
                case PathKind.Unknown:
                    return Plan.Replace;
                case PathKind.Fifo:
                case PathKind.CharacterDevice:
                    return Plan.InPlace;
                case PathKind.Link:
                    // The person named the link, so it is followed; the file it leads to is written in place, which keeps
                    // the link a link and leaves the kernel's checks on links in shared folders (protected_symlinks) in force.
                    switch (FileSystem.KindOf(full, followLink: true))
                    {
                        case PathKind.Missing:
                            // Creating a file wherever a link points is how links planted in shared folders are abused.
                            throw Refused(full, "it is a symbolic link to a file that does not exist; name the file itself");
                        case PathKind.Directory:
                            throw Refused(full, "it is a symbolic link to a folder; name a file");
                        case PathKind.Other:
                            throw Refused(full, "it is a symbolic link to a block device or socket; name a file, a FIFO or a character device");
                        case PathKind.File:
                        case PathKind.Unknown:
                            return Plan.InPlaceTruncate;
                        default:
                            return Plan.InPlace;
                    }
                default:
                    throw Refused(full, "it is a block device or socket; name a file, a FIFO or a character device");
            }
        }

        /// <summary>A FIFO, a device or the file a named link leads to: opened as it is (never created), written, flushed.</summary>
        private static T WriteInPlace<T>(string full, bool truncate, Func<Stream, T> write)
        {
            try
            {
                // FileShare.ReadWrite: no advisory lock, which a terminal or a pipe another program holds must not need.
                using var stream = new FileStream(full, truncate ? FileMode.Truncate : FileMode.Open, FileAccess.Write, FileShare.ReadWrite, BufferSize);
                var result = write(stream);
                stream.Flush();
                return result;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw TelemetryException.ForIo(TelemetryOperation.Write, full, ex);
            }
        }

        private static T WriteAndRename<T>(string full, Plan plan, bool durable, Func<Stream, T> write)
        {
            string folder = Path.GetDirectoryName(full)!;
            string temp = Path.Combine(folder, TempName(Path.GetFileName(full)));
            bool renamed = false;
            try
            {
                FileStream stream;
                try
                {
                    stream = FileSystem.CreateNewPrivate(temp, BufferSize);
                }
                catch (UnauthorizedAccessException ex)
                {
                    throw new TelemetryException(TelemetryErrorCode.WriteError, $"cannot write {full}: permission denied to create a file in {folder}", full, TelemetryOperation.Write, ex);
                }
                T result;
                using (stream)
                {
                    result = write(stream);
                    // To the disk before the rename when asked: a crash must not leave an empty file where a whole one was.
                    stream.Flush(durable);
                }
                if (plan == Plan.Replace) File.Replace(temp, full, null);
                else
                {
                    // A link, FIFO or socket in a place the product owns is replaced, not followed: remove the entry itself.
                    if (plan == Plan.ReplaceEntry) File.Delete(full);
                    File.Move(temp, full);
                }
                renamed = true;
                return result;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw TelemetryException.ForIo(TelemetryOperation.Write, full, ex);
            }
            finally
            {
                if (!renamed) FileSystem.TryDelete(temp);
            }
        }

        /// <summary>".name.&lt;32 random hex&gt;.tmp": hidden, unguessable, and short enough for any file system's name limit.</summary>
        private static string TempName(string name)
        {
            if (name.Length > 100) name = name.Substring(0, char.IsHighSurrogate(name[99]) ? 99 : 100);
            return "." + name + "." + Guid.NewGuid().ToString("N") + ".tmp";
        }

        private static TelemetryException Refused(string full, string why)
            => new TelemetryException(TelemetryErrorCode.WriteError, $"cannot write {full}: {why}", full, TelemetryOperation.Write);
    }
}
