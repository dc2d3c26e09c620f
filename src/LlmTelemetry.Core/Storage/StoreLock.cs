using System;
using System.Collections.Concurrent;
using System.IO;
using System.Threading;
using LlmTelemetry.Records;

namespace LlmTelemetry.Storage
{
    /// <summary>
    /// Excludes other threads AND other processes while a store is written. Threads queue on an in-process
    /// semaphore (so they do not spin); the holder then opens &lt;root&gt;/.lock with FileShare.None, which .NET maps to
    /// flock(LOCK_EX) on Unix and a share-mode lock on Windows, so a second process cannot get it until it is released.
    /// </summary>
    internal sealed class StoreLock
    {
        private static readonly ConcurrentDictionary<string, SemaphoreSlim> InProcess = new ConcurrentDictionary<string, SemaphoreSlim>(StringComparer.Ordinal);

        private readonly string _lockPath;
        private readonly SemaphoreSlim _gate;
        private readonly TimeSpan _timeout;
        private volatile bool _restricted;

        public StoreLock(string root, TimeSpan timeout)
            : this(timeout, System.IO.Path.Combine(root, ".lock"))
        {
        }

        private StoreLock(TimeSpan timeout, string lockPath)
        {
            _lockPath = lockPath;
            _gate = InProcess.GetOrAdd(_lockPath, _ => new SemaphoreSlim(1, 1));
            _timeout = timeout;
        }

        /// <summary>A lock on a file of its own (the user's config, the budget alert state) rather than a store's root.</summary>
        public static StoreLock OnFile(string lockFile, TimeSpan timeout) => new StoreLock(timeout, System.IO.Path.GetFullPath(lockFile));

        public string Path => _lockPath;

        /// <summary>Waits up to the timeout; throws a LockTimeout error naming the lock file when another writer holds it that long.</summary>
        public Holder Acquire()
        {
            var started = DateTime.UtcNow;
            if (!_gate.Wait(_timeout)) throw Timeout();
            try
            {
                int spins = 0;
                while (true)
                {
                    try
                    {
                        var stream = new FileStream(_lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                        if (!_restricted)
                        {
                            // Owner-only like the store's other files (anyone who can open it can hold the lock); once per
                            // instance, not per append, and an older 0644 lock file is fixed the same way.
                            FileSystem.RestrictFile(_lockPath);
                            _restricted = true;
                        }
                        return new Holder(this, stream);
                    }
                    catch (IOException ex) when (HeldByAnother(ex))
                    {
                        // Held by another process: back off briefly and try again until the deadline.
                        if (DateTime.UtcNow - started > _timeout) throw Timeout();
                        if (spins++ < 20) Thread.Yield();
                        else Thread.Sleep(Math.Min(1 + spins / 20, 10));
                    }
                    catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
                    {
                        // A read-only store, a .lock we may not open, a missing root: waiting cannot help, and calling it
                        // "another writer held it" (as a read-only file system did after 10 s) would send people the wrong way.
                        throw TelemetryException.ForIo(TelemetryOperation.Write, _lockPath, ex);
                    }
                }
            }
            catch
            {
                _gate.Release();
                throw;
            }
        }

        /// <summary>
        /// Is this the lock being held (worth waiting for), rather than a failure to open the file at all? .NET reports a
        /// refused flock as an IOException whose HResult is the raw errno EWOULDBLOCK (11 on Linux, 35 on macOS and the
        /// BSDs), and a share-mode clash on Windows as ERROR_SHARING_VIOLATION or ERROR_LOCK_VIOLATION.
        /// </summary>
        private static bool HeldByAnother(IOException ex)
        {
            if (ex is FileNotFoundException || ex is DirectoryNotFoundException || ex is PathTooLongException) return false;
            if (IsWindows) return ex.HResult == unchecked((int)0x80070020) || ex.HResult == unchecked((int)0x80070021);
            return ex.HResult == (IsLinux ? 11 : 35);
        }

        private static readonly bool IsWindows = System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Windows);
        private static readonly bool IsLinux = System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(System.Runtime.InteropServices.OSPlatform.Linux);

        private TelemetryException Timeout() => new TelemetryException(TelemetryErrorCode.LockTimeout,
            $"cannot lock {_lockPath}: another writer held it for more than {_timeout.TotalSeconds:0.#} s",
            _lockPath, TelemetryOperation.Append);

        internal readonly struct Holder : IDisposable
        {
            private readonly StoreLock _owner;
            private readonly FileStream _stream;

            public Holder(StoreLock owner, FileStream stream)
            {
                _owner = owner;
                _stream = stream;
            }

            public void Dispose()
            {
                _stream.Dispose();
                _owner._gate.Release();
            }
        }
    }
}
