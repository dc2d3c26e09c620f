using System;
using System.IO;
using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using LlmTelemetry.Records;

namespace LlmTelemetry.Storage
{
    /// <summary>File helpers shared by the store and the config: owner-only permissions on Unix and atomic replacement.</summary>
    internal static class FileSystem
    {
        private const int OwnerReadWrite = 0x180;      // 0600
        private const int OwnerReadWriteExecute = 0x1C0; // 0700

        private static readonly bool IsUnix = !RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

        // File.SetUnixFileMode exists from .NET 7 on; the core targets netstandard2.0, so it is looked up once.
        private static readonly MethodInfo? SetUnixFileMode = IsUnix
            ? typeof(File).GetMethod("SetUnixFileMode", new[] { typeof(string), Type.GetType("System.IO.UnixFileMode") ?? typeof(int) })
            : null;

        /// <summary>Creates <paramref name="path"/> (and parents) and makes a newly created folder owner-only on Unix.</summary>
        public static void EnsureDirectory(string path)
        {
            if (Directory.Exists(path)) return;
            try
            {
                Directory.CreateDirectory(path);
                Restrict(path, OwnerReadWriteExecute);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw TelemetryException.ForIo(TelemetryOperation.Write, path, ex);
            }
        }

        /// <summary>
        /// Creates <paramref name="path"/> and the <paramref name="levels"/> - 1 folders above it as needed, and makes each
        /// of those owner-only (0700) even when it already existed: folders of ours that hold per-user output.
        /// </summary>
        public static void EnsurePrivateDirectories(string path, int levels)
        {
            var chain = new System.Collections.Generic.List<string>();
            for (string? p = Path.GetFullPath(path); p is not null && chain.Count < levels; p = Path.GetDirectoryName(p)) chain.Insert(0, p);
            try
            {
                foreach (var folder in chain)
                {
                    Directory.CreateDirectory(folder);
                    Restrict(folder, OwnerReadWriteExecute);
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw TelemetryException.ForIo(TelemetryOperation.Write, path, ex);
            }
        }

        /// <summary>Makes a file we just created readable by its owner only (Unix).</summary>
        public static void RestrictFile(string path) => Restrict(path, OwnerReadWrite);

        private static void Restrict(string path, int mode)
        {
            if (SetUnixFileMode is null) return;
            try
            {
                var enumType = SetUnixFileMode.GetParameters()[1].ParameterType;
                SetUnixFileMode.Invoke(null, new[] { path, Enum.ToObject(enumType, mode) });
            }
            catch (TargetInvocationException ex) when (ex.InnerException is IOException || ex.InnerException is UnauthorizedAccessException)
            {
                // A folder we do not own (e.g. a shared store) keeps its mode; writing still works or fails on its own.
            }
        }

        /// <summary>Writes a file the store owns (summaries) through <see cref="OutputFile"/>: a new private file renamed into place.</summary>
        public static void WriteAllTextAtomic(string path, string text)
        {
            EnsureDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            OutputFile.WriteText(path, text, OutputPolicy.Owned, durable: false);
        }

        /// <summary>
        /// Creates <paramref name="path"/>, failing when anything (a file, a link, a FIFO) already has that name, readable
        /// and writable by its owner only. On Unix the mode is given to open(2) itself (FileStreamOptions.UnixCreateMode,
        /// .NET 7+): a chmod after creating would leave a moment in which another user could open the file and keep
        /// reading what is written to it later.
        /// </summary>
        public static FileStream CreateNewPrivate(string path, int bufferSize, FileAccess access = FileAccess.Write)
        {
            if (NewPrivateFile is not null) return NewPrivateFile(path, bufferSize, access);
            var stream = new FileStream(path, FileMode.CreateNew, access, FileShare.None, bufferSize);
            RestrictFile(path);
            return stream;
        }

        /// <summary>
        /// A private scratch file in <paramref name="folder"/> that nobody else can open and nothing leaves behind: created
        /// owner-only under a random name, and unlinked at once on Unix (the open handle keeps it), or deleted on close
        /// elsewhere. A crash cannot leave it on disk (on Unix), and two imports at once each have their own.
        /// </summary>
        public static FileStream CreateScratch(string folder, string prefix)
        {
            EnsureDirectory(folder);
            var path = Path.Combine(folder, prefix + "-" + Guid.NewGuid().ToString("N") + ".tmp");
            try
            {
                if (!IsUnix) return new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.Delete, 1, FileOptions.DeleteOnClose);
                var stream = CreateNewPrivate(path, 1, FileAccess.ReadWrite);
                File.Delete(path);
                return stream;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                TryDelete(path);
                throw TelemetryException.ForIo(TelemetryOperation.Write, path, ex);
            }
        }

        private static readonly Func<string, int, FileAccess, FileStream>? NewPrivateFile = IsUnix ? PrivateFileFactory() : null;

        private static Func<string, int, FileAccess, FileStream>? PrivateFileFactory()
        {
            var optionsType = Type.GetType("System.IO.FileStreamOptions");
            var modeType = Type.GetType("System.IO.UnixFileMode");
            if (optionsType is null || modeType is null) return null;
            var ctor = typeof(FileStream).GetConstructor(new[] { typeof(string), optionsType });
            var mode = optionsType.GetProperty("Mode");
            var access = optionsType.GetProperty("Access");
            var share = optionsType.GetProperty("Share");
            var buffer = optionsType.GetProperty("BufferSize");
            var createMode = optionsType.GetProperty("UnixCreateMode");
            if (ctor is null || mode is null || access is null || share is null || buffer is null || createMode is null) return null;
            object ownerOnly = Enum.ToObject(modeType, OwnerReadWrite);
            return (path, bufferSize, fileAccess) =>
            {
                var options = Activator.CreateInstance(optionsType)!;
                mode.SetValue(options, FileMode.CreateNew);
                access.SetValue(options, fileAccess);
                share.SetValue(options, FileShare.None);
                buffer.SetValue(options, bufferSize);
                createMode.SetValue(options, ownerOnly);
                try
                {
                    return (FileStream)ctor.Invoke(new object[] { path, options });
                }
                catch (TargetInvocationException ex) when (ex.InnerException is not null)
                {
                    ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
                    throw;
                }
            };
        }

        /// <summary>
        /// What is at <paramref name="path"/>: the entry itself, or with <paramref name="followLink"/> what a symbolic link
        /// there leads to. Linux asks statx(2) for the file type, so FIFOs and devices are told from regular files; elsewhere
        /// (no statx) only links, folders and other entries are told apart, and every other entry counts as a regular file.
        /// </summary>
        public static PathKind KindOf(string path, bool followLink)
        {
            if (IsLinux && StatxWorks)
            {
                try
                {
                    var buffer = new byte[StatxSize];
                    if (Statx(AtCurrentFolder, path, followLink ? 0 : AtSymlinkNoFollow, StatxType, buffer) == 0)
                    {
                        return (BitConverter.ToUInt16(buffer, StatxModeOffset) & 0xF000) switch
                        {
                            0x8000 => PathKind.File,
                            0x4000 => PathKind.Directory,
                            0xA000 => PathKind.Link,
                            0x1000 => PathKind.Fifo,
                            0x2000 => PathKind.CharacterDevice,
                            _ => PathKind.Other,
                        };
                    }
                    int errno = Marshal.GetLastWin32Error();
                    // ENOENT, ENOTDIR: nothing there. Anything else (EACCES, ELOOP) is left to the open that follows to report.
                    return errno == 2 || errno == 20 ? PathKind.Missing : PathKind.Unknown;
                }
                catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
                {
                    // A C library without statx (glibc before 2.28, older musl): fall back to what .NET itself can tell.
                    StatxWorks = false;
                }
            }
            try
            {
                var attributes = File.GetAttributes(path);
                if (!followLink && (attributes & FileAttributes.ReparsePoint) != 0) return PathKind.Link;
                if (followLink && (attributes & FileAttributes.ReparsePoint) != 0)
                    return Directory.Exists(path) ? PathKind.Directory : File.Exists(path) ? PathKind.File : PathKind.Missing;
                return (attributes & FileAttributes.Directory) != 0 ? PathKind.Directory : PathKind.File;
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                return PathKind.Missing;
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException || ex is ArgumentException || ex is NotSupportedException)
            {
                return PathKind.Unknown;
            }
        }

        private static readonly bool IsLinux = RuntimeInformation.IsOSPlatform(OSPlatform.Linux);
        private static bool StatxWorks = true;

        // struct statx is 256 bytes with the same layout on every Linux architecture; stx_mode (u16) is at offset 28.
        private const int StatxSize = 256;
        private const int StatxModeOffset = 28;
        private const int AtCurrentFolder = -100;      // AT_FDCWD
        private const int AtSymlinkNoFollow = 0x100;   // AT_SYMLINK_NOFOLLOW
        private const uint StatxType = 0x1;            // STATX_TYPE

        [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
        private static extern int Statx(int dirfd, string path, int flags, uint mask, byte[] buffer);

        public static void TryDelete(string path)
        {
            try { if (File.Exists(path)) File.Delete(path); }
            catch (IOException) { /* best effort cleanup of our own temp file; the original error is what matters */ }
            catch (UnauthorizedAccessException) { /* as above */ }
        }
    }
}
