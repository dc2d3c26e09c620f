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
        {
            _lockPath = System.IO.Path.Combine(root, ".lock");
            _gate = InProcess.GetOrAdd(_lockPath, _ => new SemaphoreSlim(1, 1));
            _timeout = timeout;
        }

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
                    catch (IOException) when (File.Exists(_lockPath) || Directory.Exists(System.IO.Path.GetDirectoryName(_lockPath)))
                    {
                        // Held by another process: back off briefly and try again until the deadline.
                        if (DateTime.UtcNow - started > _timeout) throw Timeout();
                        if (spins++ < 20) Thread.Yield();
                        else Thread.Sleep(Math.Min(1 + spins / 20, 10));
                    }
                }
            }
            catch
            {
                _gate.Release();
                throw;
            }
        }

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
