using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using LlmTelemetry.Exporters;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Tests.Hostile
{
    /// <summary>
    /// Hostile output paths through every file writer a person names a path for (CSV, JSON and JSONL exports, the HTML
    /// dashboard). The stated rules: a missing or regular file gets a new owner-only file renamed over it; a FIFO or
    /// character device is written in place; a symbolic link the person named is followed and what it leads to written
    /// in place; a link to nothing, a folder, a link to a folder, a socket, a missing folder are refused naming the path
    /// (nothing is created or changed); an empty path or one ending in a separator is a bad argument naming it; files
    /// planted beside the target (.partial, .tmp) are never touched.
    /// </summary>
    [UnsupportedOSPlatform("windows")]
    public sealed class HostileOutputPathTests : IDisposable
    {
        private const UnixFileMode File600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        private static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);
        private readonly TempStore _t = new TempStore(Now);

        public HostileOutputPathTests()
        {
            _t.Store.Append(TempStore.Call(Now.AddHours(-1)));
            _t.Store.Append(TempStore.Call(Now.AddHours(-2), agent: "=cmd|' /C calc'!A0"));
        }

        public void Dispose() => _t.Dispose();

        public static readonly string[] Writers = { "csv", "json", "jsonl", "html" };

        private static string StartOf(string writer) => writer switch
        {
            "csv" => "id,timestamp,",
            "json" => "[\n{",
            "jsonl" => "{\"v\":1,",
            _ => "<!DOCTYPE html>",
        };

        private void Write(string writer, string path)
        {
            if (writer == "html")
            {
                HtmlReportWriter.WriteFile(_t.Store, new HtmlReportRequest(new RecordQuery { Range = DateRange.LastDays(7, TimeZoneInfo.Utc, Now), Zone = TimeZoneInfo.Utc }), path, "out");
                return;
            }
            var format = RecordExporter.ParseFormat(writer);
            Assert.Equal(2, RecordExporter.WriteFile(_t.Store.Query(), path, format, "out"));
        }

        /// <summary>What a scenario expects: written (and then checked), refused naming the path, or a bad argument.</summary>
        private enum Expect
        {
            Written,
            Refused,
            Invalid,
        }

        private sealed record Scenario(string Name, Expect Expect, string Message, Func<string, (string Path, Action<string> Check)> Lay);

        private static readonly Scenario[] Scenarios =
        {
            new("missing file", Expect.Written, "", f =>
            {
                var p = Path.Combine(f, "out.file");
                return (p, start => { Assert.StartsWith(start, File.ReadAllText(p), StringComparison.OrdinalIgnoreCase); Assert.Equal(File600, File.GetUnixFileMode(p)); });
            }),
            new("existing 0644 file", Expect.Written, "", f =>
            {
                var p = Path.Combine(f, "out.file");
                File.WriteAllText(p, "old");
                File.SetUnixFileMode(p, File600 | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
                return (p, start => { Assert.StartsWith(start, File.ReadAllText(p), StringComparison.OrdinalIgnoreCase); Assert.Equal(File600, File.GetUnixFileMode(p)); });
            }),
            new("existing read-only file", Expect.Written, "", f =>
            {
                // Replaced by a rename, as an editor's atomic save does: the folder's permission decides, not the file's.
                var p = Path.Combine(f, "out.file");
                File.WriteAllText(p, "old");
                File.SetUnixFileMode(p, UnixFileMode.UserRead);
                return (p, start => Assert.StartsWith(start, File.ReadAllText(p), StringComparison.OrdinalIgnoreCase));
            }),
            new("hard link to another file", Expect.Written, "", f =>
            {
                var victim = Path.Combine(f, "victim");
                var p = Path.Combine(f, "out.file");
                File.WriteAllText(victim, "keep me");
                UnixFiles.HardLink(victim, p);
                return (p, start => { Assert.Equal("keep me", File.ReadAllText(victim)); Assert.StartsWith(start, File.ReadAllText(p), StringComparison.OrdinalIgnoreCase); });
            }),
            new("file name with spaces, quotes and a leading dash", Expect.Written, "", f =>
            {
                var p = Path.Combine(f, "-rf \"out\" 'x'.file");
                return (p, start => Assert.StartsWith(start, File.ReadAllText(p), StringComparison.OrdinalIgnoreCase));
            }),
            new("file name with an escape sequence", Expect.Written, "", f =>
            {
                var p = Path.Combine(f, "out\u001b[2J.file");
                return (p, start => Assert.StartsWith(start, File.ReadAllText(p), StringComparison.OrdinalIgnoreCase));
            }),
            // The machine's own devices for an ordinary user, private nodes with the same numbers for root (UnixFiles.Device):
            // a regression that replaced its target must never replace the machine's /dev/null.
            new("/dev/null", Expect.Written, "", f =>
            {
                var nul = UnixFiles.Device("null", f);
                return (nul, _ => Assert.True(Is("-c", nul)));
            }),
            new("/dev/full", Expect.Refused, "no space left on device", f =>
            {
                var full = UnixFiles.Device("full", f);
                return (full, _ => Assert.True(Is("-c", full)));
            }),
            new("fifo", Expect.Written, "", f =>
            {
                var p = Path.Combine(f, "pipe");
                UnixFiles.MkFifo(p);
                var reader = UnixFiles.ReadFifo(p);
                return (p, start =>
                {
                    var text = reader.Release();
                    Assert.NotNull(text);
                    Assert.StartsWith(start, text!, StringComparison.OrdinalIgnoreCase);
                    Assert.True(Is("-p", p), "the FIFO stays a FIFO");
                });
            }),
            new("symlink to a file", Expect.Written, "", f =>
            {
                var target = Path.Combine(f, "target");
                var link = Path.Combine(f, "link");
                File.WriteAllText(target, new string('o', 100_000));
                File.CreateSymbolicLink(link, target);
                return (link, start =>
                {
                    Assert.Equal(target, new FileInfo(link).LinkTarget);
                    var text = File.ReadAllText(target);
                    Assert.StartsWith(start, text, StringComparison.OrdinalIgnoreCase);
                    Assert.DoesNotContain("ooo", text);
                });
            }),
            new("chain of symlinks to a file", Expect.Written, "", f =>
            {
                var target = Path.Combine(f, "target");
                var middle = Path.Combine(f, "middle");
                var link = Path.Combine(f, "link");
                File.WriteAllText(target, "old");
                File.CreateSymbolicLink(middle, target);
                File.CreateSymbolicLink(link, middle);
                return (link, start => { Assert.Equal(middle, new FileInfo(link).LinkTarget); Assert.StartsWith(start, File.ReadAllText(target), StringComparison.OrdinalIgnoreCase); });
            }),
            new("symlink to /dev/null", Expect.Written, "", f =>
            {
                var link = Path.Combine(f, "link");
                var nul = UnixFiles.Device("null", f);
                File.CreateSymbolicLink(link, nul);
                return (link, _ => { Assert.Equal(nul, new FileInfo(link).LinkTarget); Assert.True(Is("-c", nul)); });
            }),
            new("symlink to a fifo", Expect.Written, "", f =>
            {
                var pipe = Path.Combine(f, "pipe");
                var link = Path.Combine(f, "link");
                UnixFiles.MkFifo(pipe);
                File.CreateSymbolicLink(link, pipe);
                var reader = UnixFiles.ReadFifo(pipe);
                return (link, start =>
                {
                    var text = reader.Release();
                    Assert.NotNull(text);
                    Assert.StartsWith(start, text!, StringComparison.OrdinalIgnoreCase);
                });
            }),
            new("dangling symlink", Expect.Refused, "it is a symbolic link to a file that does not exist", f =>
            {
                var link = Path.Combine(f, "link");
                var nowhere = Path.Combine(f, "nowhere");
                File.CreateSymbolicLink(link, nowhere);
                return (link, _ => { Assert.False(File.Exists(nowhere)); Assert.Equal(nowhere, new FileInfo(link).LinkTarget); });
            }),
            new("symlink loop", Expect.Refused, "cannot write", f =>
            {
                var a = Path.Combine(f, "a");
                var b = Path.Combine(f, "b");
                File.CreateSymbolicLink(a, b);
                File.CreateSymbolicLink(b, a);
                return (a, _ => Assert.Equal(b, new FileInfo(a).LinkTarget));
            }),
            new("symlink to a folder", Expect.Refused, "it is a symbolic link to a folder", f =>
            {
                var dir = Path.Combine(f, "dir");
                var link = Path.Combine(f, "link");
                Directory.CreateDirectory(dir);
                File.CreateSymbolicLink(link, dir);
                return (link, _ => Assert.Empty(Directory.GetFileSystemEntries(dir)));
            }),
            new("folder", Expect.Refused, "it is a folder", f =>
            {
                var dir = Path.Combine(f, "dir");
                Directory.CreateDirectory(dir);
                return (dir, _ => Assert.Empty(Directory.GetFileSystemEntries(dir)));
            }),
            new("socket", Expect.Refused, "it is a block device or socket", f =>
            {
                var p = Path.Combine(f, "sock");
                // Open until the check: .NET removes a socket's file when it is closed.
                var socket = UnixFiles.Socket(p);
                return (p, _ =>
                {
                    Assert.True(Is("-S", p));
                    socket.Dispose();
                });
            }),
            new("missing folder", Expect.Refused, "does not exist", f =>
            {
                var p = Path.Combine(f, "no", "such", "out.file");
                return (p, _ => Assert.False(Directory.Exists(Path.Combine(f, "no"))));
            }),
            new("a file as the folder", Expect.Refused, "is not a folder", f =>
            {
                var file = Path.Combine(f, "plain");
                File.WriteAllText(file, "x");
                return (Path.Combine(file, "out.file"), _ => Assert.Equal("x", File.ReadAllText(file)));
            }),
            new("/proc, read-only even for root", Expect.Refused, "cannot write /proc/self/llmt-out.file", _ => ("/proc/self/llmt-out.file", _ => { })),
            new("empty", Expect.Invalid, "is empty", _ => ("", _ => { })),
            new("blank", Expect.Invalid, "is empty", _ => (" \t ", _ => { })),
            new("NUL character", Expect.Invalid, "contains a NUL character", f => (Path.Combine(f, "a\0b"), _ => { })),
            new("trailing slash", Expect.Invalid, "ends with a path separator", f => (Path.Combine(f, "new") + "/", _ => Assert.False(Directory.Exists(Path.Combine(f, "new"))))),
            new("planted .partial and .tmp links", Expect.Written, "", f =>
            {
                var victim = Path.Combine(f, "victim");
                var p = Path.Combine(f, "out.file");
                File.WriteAllText(victim, "keep me");
                foreach (var planted in new[] { p + ".partial", p + ".tmp", Path.Combine(f, ".out.file.tmp") }) File.CreateSymbolicLink(planted, victim);
                return (p, start => { Assert.Equal("keep me", File.ReadAllText(victim)); Assert.StartsWith(start, File.ReadAllText(p), StringComparison.OrdinalIgnoreCase); });
            }),
        };

        public static IEnumerable<object[]> Cases()
        {
            foreach (var writer in Writers)
                foreach (var s in Scenarios)
                    yield return new object[] { writer, s.Name };
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void A_hostile_output_path_is_written_refused_or_rejected_as_stated(string writer, string scenario)
        {
            var s = Scenarios.Single(x => x.Name == scenario);
            var folder = Path.Combine(_t.Root, "out");
            Directory.CreateDirectory(folder);
            var (path, check) = s.Lay(folder);
            var before = Directory.GetFileSystemEntries(folder).OrderBy(x => x).ToList();
            switch (s.Expect)
            {
                case Expect.Written:
                    Write(writer, path);
                    break;
                case Expect.Refused:
                    var refused = Assert.Throws<TelemetryException>(() => Write(writer, path));
                    Assert.Equal(TelemetryErrorCode.WriteError, refused.Code);
                    Assert.Contains(s.Message, refused.Message);
                    Assert.Contains(Path.GetFullPath(path), refused.Message);
                    break;
                default:
                    var invalid = Assert.Throws<TelemetryValidationException>(() => Write(writer, path));
                    Assert.Equal("out", invalid.Field);
                    Assert.Contains(s.Message, invalid.Message);
                    break;
            }
            check(StartOf(writer));
            // Nothing new beside the target but the target itself: no temp file, no .partial.
            var after = Directory.GetFileSystemEntries(folder).OrderBy(x => x).ToList();
            Assert.DoesNotContain(after.Except(before), e => Path.GetFileName(e).EndsWith(".tmp", StringComparison.Ordinal) || e.EndsWith(".partial", StringComparison.Ordinal));
        }

        [Theory]
        [MemberData(nameof(WriterNames))]
        public void A_read_only_folder_is_refused_naming_the_path_unless_this_user_ignores_modes(string writer)
        {
            var ro = Path.Combine(_t.Root, "ro");
            Directory.CreateDirectory(ro);
            File.SetUnixFileMode(ro, UnixFileMode.UserRead | UnixFileMode.UserExecute);
            try
            {
                var path = Path.Combine(ro, "out.file");
                if (UnixFiles.IgnoresFolderModes)
                {
                    Write(writer, path);
                    Assert.Equal(File600, File.GetUnixFileMode(path));
                }
                else
                {
                    var ex = Assert.Throws<TelemetryException>(() => Write(writer, path));
                    Assert.Equal($"cannot write {path}: permission denied to create a file in {ro}", ex.Message);
                    Assert.Empty(Directory.GetFileSystemEntries(ro));
                }
            }
            finally
            {
                File.SetUnixFileMode(ro, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        public static IEnumerable<object[]> WriterNames() => Writers.Select(w => new object[] { w });

        /// <summary>`test -p` (FIFO), `-c` (character device), `-S` (socket): .NET has no API for the file type.</summary>
        private static bool Is(string flag, string path)
        {
            using var p = Process.Start(new ProcessStartInfo("test", new[] { flag, path }) { UseShellExecute = false })!;
            p.WaitForExit();
            return p.ExitCode == 0;
        }
    }
}
