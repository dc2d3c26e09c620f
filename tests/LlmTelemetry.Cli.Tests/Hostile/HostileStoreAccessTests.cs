using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using Xunit;

namespace LlmTelemetry.Cli.Tests.Hostile
{
    /// <summary>
    /// The CLI against a store it may not read, or may read but not write. chmod does not stop root, so as root the CLI
    /// runs as "nobody" (runuser) against the root-owned store, and a read-only file system is a tmpfs mounted read-only
    /// in a private mount namespace (unshare -m); as another user, chmod does the job. Every case must end in exit 1 with
    /// a message naming the path; they crashed with UnauthorizedAccessException, or blamed "another writer" after 10 s.
    /// </summary>
    public sealed class HostileStoreAccessTests : IDisposable
    {
        private readonly CliSandbox _sandbox = new CliSandbox();

        public HostileStoreAccessTests()
        {
            _sandbox.Run("record", "--model", "gpt-4o-mini", "--input-tokens", "10", "--output-tokens", "1", "--dir", _sandbox.Store).Ok();
        }

        public void Dispose()
        {
            Chmod(_sandbox.Store, "u+rwx", recursive: true);
            _sandbox.Dispose();
        }

        [OtherUserTheory]
        [InlineData("costs")]
        [InlineData("events")]
        [InlineData("export --format csv")]
        [InlineData("prune")]
        [InlineData("stats")]
        public void An_unreadable_store_is_a_failure_naming_it(string command)
        {
            if (!Access.IsRoot) Chmod(_sandbox.Store, "000");
            var result = RunAsOtherUser(command.Split(' ').Concat(new[] { "--dir", _sandbox.Store }));
            Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}\nstdout:\n{result.Stdout}\nstderr:\n{result.Stderr}");
            Assert.DoesNotContain("Unhandled exception", result.Stderr);
            Assert.Contains(_sandbox.Store, result.Stderr);
            Assert.Contains("permission denied", result.Stderr);
            Assert.DoesNotContain("No telemetry", result.Stdout + result.Stderr);
        }

        [OtherUserTheory]
        [InlineData("record --model gpt-4o --input-tokens 5 --output-tokens 1")]
        [InlineData("prune")]
        public void A_store_that_can_be_read_but_not_written_fails_naming_the_lock_and_changes_nothing(string command)
        {
            var before = Snapshot();
            ReadOnlyForOthers();
            var result = RunAsOtherUser(command.Split(' ').Concat(new[] { "--dir", _sandbox.Store }));
            Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}\nstdout:\n{result.Stdout}\nstderr:\n{result.Stderr}");
            Assert.DoesNotContain("Unhandled exception", result.Stderr);
            Assert.Contains(Path.Combine(_sandbox.Store, ".lock"), result.Stderr);
            Assert.Equal(before, Snapshot());
            // Reading it still works.
            var costs = RunAsOtherUser(new[] { "costs", "--json", "--dir", _sandbox.Store });
            Assert.Equal(0, costs.ExitCode);
            Assert.Equal(1, costs.Json.GetProperty("totals").GetProperty("calls").GetInt32());
        }

        [ReadOnlyMountTheory]
        [InlineData("record --model gpt-4o --input-tokens 5 --output-tokens 1")]
        [InlineData("prune")]
        public void A_store_on_a_read_only_file_system_fails_at_once_naming_the_lock(string command)
        {
            string mount = Path.Combine(_sandbox.Root, "ro");
            Directory.CreateDirectory(mount);
            string store = Path.Combine(mount, "store");
            var script = "mount -t tmpfs tmpfs \"$1\" && cp -a \"$2\" \"$3\" && mount -o remount,ro \"$1\" && shift 3 && exec \"$@\"";
            var args = new List<string> { "-m", "sh", "-c", script, "sh", mount, _sandbox.Store, store, CliSandbox.CliPath };
            args.AddRange(command.Split(' '));
            args.AddRange(new[] { "--dir", store });
            var result = Run("unshare", args, _sandbox.Start(Array.Empty<string>()));
            Assert.True(result.ExitCode == 1, $"exit {result.ExitCode}\nstdout:\n{result.Stdout}\nstderr:\n{result.Stderr}");
            Assert.Contains(Path.Combine(store, ".lock"), result.Stderr);
            Assert.Contains("Read-only file system", result.Stderr);
            Assert.DoesNotContain("another writer", result.Stderr);
        }

        /// <summary>Store readable by others but not writable: root's store opened to others (as root), or chmod'ed (as a user).</summary>
        private void ReadOnlyForOthers()
        {
            if (Access.IsRoot) Chmod(_sandbox.Store, "go+rX", recursive: true);
            else Chmod(_sandbox.Store, "a-w", recursive: true);
        }

        private string Snapshot()
            => string.Join("\n", Directory.GetFiles(_sandbox.Store, "*", SearchOption.AllDirectories).OrderBy(f => f, StringComparer.Ordinal)
                .Select(f => f + ":" + new FileInfo(f).Length + ":" + File.GetLastWriteTimeUtc(f).Ticks));

        private CliResult RunAsOtherUser(IEnumerable<string> cliArgs)
        {
            var psi = _sandbox.Start(cliArgs);
            if (!Access.IsRoot) return Run(CliSandbox.CliPath, cliArgs, psi);
            return Run(Access.RunUser!, new[] { "-u", "nobody", "--", CliSandbox.CliPath }.Concat(cliArgs), psi);
        }

        /// <summary>Runs <paramref name="file"/> with the sandbox's environment (isolated config, no colours).</summary>
        private static CliResult Run(string file, IEnumerable<string> args, ProcessStartInfo template)
        {
            var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in args) psi.ArgumentList.Add(a);
            psi.Environment.Clear();
            foreach (var pair in template.Environment) psi.Environment[pair.Key] = pair.Value;
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(120_000))
            {
                p.Kill(true);
                throw new TimeoutException(file + " " + string.Join(' ', args) + " did not finish in 120 s");
            }
            return new CliResult(p.ExitCode, stdout.Result, stderr.Result);
        }

        private static void Chmod(string path, string mode, bool recursive = false)
        {
            if (!Directory.Exists(path)) return;
            var psi = new ProcessStartInfo("chmod") { UseShellExecute = false };
            if (recursive) psi.ArgumentList.Add("-R");
            psi.ArgumentList.Add(mode);
            psi.ArgumentList.Add(path);
            using var p = Process.Start(psi)!;
            p.WaitForExit();
            Assert.Equal(0, p.ExitCode);
        }
    }

    /// <summary>Whether this test run can act as a user other than the store's owner, and mount a file system privately.</summary>
    internal static class Access
    {
        public static readonly bool IsRoot = !OperatingSystem.IsWindows() && Probe("id", "-u").Trim() == "0";

        public static readonly string? RunUser = new[] { "/usr/sbin/runuser", "/sbin/runuser", "/usr/bin/runuser" }.FirstOrDefault(File.Exists);

        /// <summary>As root: runuser to "nobody". As any other user: chmod restricts the owner too.</summary>
        public static bool CanActAsOtherUser => !OperatingSystem.IsWindows() && (!IsRoot || RunUser is not null);

        public static readonly bool CanMountPrivately = IsRoot && Probe("unshare", "-m", "sh", "-c", "mount -t tmpfs tmpfs /mnt && echo ok").Trim() == "ok";

        private static string Probe(string file, params string[] args)
        {
            try
            {
                var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
                foreach (var a in args) psi.ArgumentList.Add(a);
                using var p = Process.Start(psi)!;
                string output = p.StandardOutput.ReadToEnd();
                p.WaitForExit(30_000);
                return p.ExitCode == 0 ? output : "";
            }
            catch (System.ComponentModel.Win32Exception)
            {
                return ""; // the tool is not installed
            }
        }
    }

    [AttributeUsage(AttributeTargets.Method)]
    internal sealed class OtherUserTheoryAttribute : TheoryAttribute
    {
        public OtherUserTheoryAttribute()
        {
            if (!Access.CanActAsOtherUser) Skip = "needs a Unix user other than the store's owner (as root: runuser)";
        }
    }

    [AttributeUsage(AttributeTargets.Method)]
    internal sealed class ReadOnlyMountTheoryAttribute : TheoryAttribute
    {
        public ReadOnlyMountTheoryAttribute()
        {
            if (!Access.CanMountPrivately) Skip = "needs root with unshare -m and mount (a private, read-only tmpfs)";
        }
    }
}
