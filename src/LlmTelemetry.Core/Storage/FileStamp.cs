using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Threading;
using LlmTelemetry.Internal;
using LlmTelemetry.Records;

namespace LlmTelemetry.Storage
{
    /// <summary>
    /// What a summary remembers of a record file so that any later change to it is noticed without reading it all:
    /// size and write time, plus the inode change time (ctime) where the OS gives it. Size and mtime alone miss a
    /// same-size edit whose mtime was set back (an editor, `touch -r`); ctime cannot be set back by a program, since
    /// setting the mtime itself moves it. Where there is no ctime to read (Windows, macOS, a kernel or sandbox without
    /// statx), a hash of the file's last <see cref="TailBytes"/> stands in: the store only appends, so that is where
    /// our writers change it, and it costs one small read.
    /// </summary>
    internal static class FileStamp
    {
        /// <summary>How much of the file's end the fallback hashes.</summary>
        internal const int TailBytes = 4096;

        private const int AtFdCwd = -100;
        private const uint StatxBasicStats = 0x7ff;
        private const uint StatxSize = 0x200, StatxMtime = 0x40, StatxCtime = 0x80;
        private const int Enoent = 2, Enotdir = 20;

        // 1 while statx may work here; 0 once it is known not to (not Linux, no symbol, blocked by seccomp).
        private static int _statx = RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? 1 : 0;

        [ThreadStatic] private static byte[]? _buffer;

        /// <summary>True where stamps carry the ctime (so an edit anywhere in the file is noticed).</summary>
        internal static bool HasChangeTime => Volatile.Read(ref _statx) == 1;

        /// <summary>The stamp of <paramref name="path"/>, or null when there is no such file.</summary>
        public static string? Of(string path) => Of(path, HasChangeTime);

        /// <summary>As <see cref="Of(string)"/>; <paramref name="useChangeTime"/> false takes the portable fallback (tests pin both).</summary>
        internal static string? Of(string path, bool useChangeTime)
        {
            if (useChangeTime && TryStatx(path, out bool exists, out string? stamp)) return exists ? stamp : null;
            var info = new FileInfo(path);
            if (!info.Exists) return null;
            string? tail = TailHash(path, info.Length);
            if (tail is null) return null;
            return Inv(info.Length) + ":" + Inv(info.LastWriteTimeUtc.Ticks) + ":t" + tail;
        }

        private static bool TryStatx(string path, out bool exists, out string? stamp)
        {
            exists = false;
            stamp = null;
            var buffer = _buffer ??= new byte[256];
            int result;
            int errno;
            try
            {
                result = Native.Statx(AtFdCwd, Encoding.UTF8.GetBytes(path + "\0"), 0, StatxBasicStats, buffer);
                errno = result == 0 ? 0 : Marshal.GetLastWin32Error();
            }
            catch (Exception ex) when (ex is DllNotFoundException || ex is EntryPointNotFoundException)
            {
                // A libc without statx (glibc before 2.28, or not glibc): the tail hash serves instead.
                Volatile.Write(ref _statx, 0);
                return false;
            }
            if (result != 0)
            {
                if (errno == Enoent || errno == Enotdir) return true; // no such file: exists stays false
                // ENOSYS or EPERM (a container's seccomp filter) mean statx is unusable here for good; anything else
                // (EACCES) is left for the portable path, which reports it as the I/O error it is.
                if (errno == 38 || errno == 1) Volatile.Write(ref _statx, 0);
                return false;
            }
            uint mask = BitConverter.ToUInt32(buffer, 0);
            if ((mask & (StatxSize | StatxMtime | StatxCtime)) != (StatxSize | StatxMtime | StatxCtime)) return false;
            long size = BitConverter.ToInt64(buffer, 40);
            long ctimeSec = BitConverter.ToInt64(buffer, 96);
            uint ctimeNsec = BitConverter.ToUInt32(buffer, 104);
            long mtimeSec = BitConverter.ToInt64(buffer, 112);
            uint mtimeNsec = BitConverter.ToUInt32(buffer, 120);
            // The mtime in .NET's 100 ns ticks, as FileInfo reports it, so stamps read the same however they were taken.
            long mtimeTicks = DateTimeOffset.FromUnixTimeSeconds(mtimeSec).UtcTicks + mtimeNsec / 100;
            exists = true;
            stamp = Inv(size) + ":" + Inv(mtimeTicks) + ":c" + Inv(ctimeSec) + "." + ctimeNsec.ToString("D9", CultureInfo.InvariantCulture);
            return true;
        }

        private static string? TailHash(string path, long length)
        {
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
                int count = (int)Math.Min(TailBytes, stream.Length);
                stream.Position = stream.Length - count;
                var bytes = new byte[count];
                int read = 0;
                while (read < count)
                {
                    int n = stream.Read(bytes, read, count - read);
                    if (n <= 0) break;
                    read += n;
                }
                // The length read here, not the one stat gave: a writer appending in between makes a stamp that
                // matches neither state, so the summary is rebuilt, which is always safe.
                return Fnv1a.Hash(bytes, read).ToString("x16", CultureInfo.InvariantCulture) + (stream.Length == length ? "" : "~");
            }
            catch (Exception ex) when (ex is FileNotFoundException || ex is DirectoryNotFoundException)
            {
                return null; // removed by maintenance since it was listed
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                throw TelemetryException.ForIo(TelemetryOperation.Read, path, ex);
            }
        }

        private static string Inv(long value) => value.ToString(CultureInfo.InvariantCulture);

        private static class Native
        {
            // statx(2) has one struct layout on every Linux architecture, unlike stat(2), so one declaration fits all.
            [DllImport("libc", EntryPoint = "statx", SetLastError = true)]
            public static extern int Statx(int dirfd, byte[] path, int flags, uint mask, byte[] buffer);
        }
    }
}
