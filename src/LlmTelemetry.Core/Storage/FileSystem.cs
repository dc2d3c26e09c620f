using System;
using System.IO;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
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

        /// <summary>Writes via a temporary file and a rename, so readers see the old or the new content, never half.</summary>
        public static void WriteAllTextAtomic(string path, string text)
        {
            var dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
            EnsureDirectory(dir);
            string temp = Path.Combine(dir, "." + Path.GetFileName(path) + "." + Guid.NewGuid().ToString("N").Substring(0, 8) + ".tmp");
            try
            {
                File.WriteAllText(temp, text, new UTF8Encoding(false));
                RestrictFile(temp);
                if (File.Exists(path)) File.Replace(temp, path, null);
                else File.Move(temp, path);
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                TryDelete(temp);
                throw TelemetryException.ForIo(TelemetryOperation.Write, path, ex);
            }
        }

        public static void TryDelete(string path)
        {
            try { if (File.Exists(path)) File.Delete(path); }
            catch (IOException) { /* best effort cleanup of our own temp file; the original error is what matters */ }
            catch (UnauthorizedAccessException) { /* as above */ }
        }
    }
}
