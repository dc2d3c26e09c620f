using System;
using System.IO;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Runtime.Versioning;
using System.Threading.Tasks;

namespace LlmTelemetry.Tests.Support
{
    /// <summary>Special files for the output-path tests: FIFOs, sockets, and what this user may do regardless of modes.</summary>
    [UnsupportedOSPlatform("windows")]
    public static class UnixFiles
    {
        [DllImport("libc", EntryPoint = "mkfifo", SetLastError = true)]
        private static extern int MkFifoNative(string path, uint mode);

        [DllImport("libc", EntryPoint = "link", SetLastError = true)]
        private static extern int LinkNative(string existing, string created);

        /// <summary>A hard link (.NET has no API for one).</summary>
        public static void HardLink(string existing, string created)
        {
            if (LinkNative(existing, created) != 0) throw new IOException($"link {existing} {created} failed: errno {Marshal.GetLastWin32Error()}");
        }

        [DllImport("libc", EntryPoint = "mknod", SetLastError = true)]
        private static extern int MkNodNative(string path, uint mode, ulong device);

        /// <summary>
        /// A character device to write to: /dev/null (1,3) or /dev/full (1,7). For an ordinary user that is the machine's
        /// own node, which the user cannot delete or replace whatever the code under test does. Root could, and a
        /// regression that replaces its target (as the old export did) would then replace the machine's /dev/null: so for
        /// root it is a private node with the same numbers in <paramref name="folder"/>.
        /// </summary>
        public static string Device(string name, string folder)
        {
            uint minor = name switch { "null" => 3u, "full" => 7u, _ => throw new ArgumentOutOfRangeException(nameof(name)) };
            if (!IgnoresFolderModes) return "/dev/" + name;
            var path = Path.Combine(folder, name);
            // S_IFCHR | 0666; makedev(1, minor) for small numbers is (major << 8) | minor.
            if (MkNodNative(path, 0x2000 | 0x1B6, (1UL << 8) | minor) != 0)
                throw new IOException($"mknod {path} (as /dev/{name}) failed: errno {Marshal.GetLastWin32Error()}");
            return path;
        }

        public static void MkFifo(string path)
        {
            if (MkFifoNative(path, 0x1B6 /* 0666 */) != 0) throw new IOException($"mkfifo {path} failed: errno {Marshal.GetLastWin32Error()}");
        }

        /// <summary>A Unix domain socket file at <paramref name="path"/>; dispose to close it (the file stays).</summary>
        public static Socket Socket(string path)
        {
            var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            socket.Bind(new UnixDomainSocketEndPoint(path));
            return socket;
        }

        /// <summary>
        /// True when this process may create files in a folder whose mode forbids it (root, CAP_DAC_OVERRIDE): then a
        /// read-only folder does not stop a write, and the tests expect what the OS allows.
        /// </summary>
        public static bool IgnoresFolderModes => Privileged.Value;

        private static readonly Lazy<bool> Privileged = new Lazy<bool>(() =>
            {
                var probe = Path.Combine(Path.GetTempPath(), "llmt-probe-" + Guid.NewGuid().ToString("N"));
                Directory.CreateDirectory(probe);
                try
                {
                    File.SetUnixFileMode(probe, UnixFileMode.UserRead | UnixFileMode.UserExecute);
                    try
                    {
                        File.WriteAllText(Path.Combine(probe, "x"), "x");
                        return true;
                    }
                    catch (UnauthorizedAccessException)
                    {
                        return false;
                    }
                }
                finally
                {
                    File.SetUnixFileMode(probe, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                    Directory.Delete(probe, true);
                }
            });

        /// <summary>
        /// Reads everything written to the FIFO at <paramref name="path"/> on another thread. A hard link to the FIFO is
        /// kept so that <see cref="FifoReader.Release"/> can end a read nobody wrote to, even when the name was replaced.
        /// </summary>
        public static FifoReader ReadFifo(string path) => new FifoReader(path);

        public sealed class FifoReader
        {
            private readonly string _keep;

            internal FifoReader(string path)
            {
                _keep = path + ".keep";
                HardLink(path, _keep);
                Text = Task.Run(() => File.ReadAllText(_keep));
            }

            public Task<string> Text { get; }

            /// <summary>
            /// Call once the writer has exited: its close ends the read at once. If no writer ever opened the FIFO (it was
            /// replaced, or the write was refused), opens it for writing so the read ends, and returns null.
            /// </summary>
            public string? Release()
            {
                if (Text.Wait(TimeSpan.FromSeconds(10))) return Text.Result;
                using (new FileStream(_keep, FileMode.Open, FileAccess.Write)) { }
                Text.Wait(TimeSpan.FromSeconds(10));
                return null;
            }
        }
    }
}
