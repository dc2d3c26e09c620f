using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.Versioning;
using LlmTelemetry.Records;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Cli.Tests.Hostile
{
    /// <summary>
    /// A store holding hostile values, written the way a hostile user would: `record` with terminal escapes, CSV formula
    /// prefixes and bidi overrides in its names, plus a real Claude Code log (copied, its cwd rewritten) imported with
    /// escapes in the project folder's name.
    /// </summary>
    public sealed class HostileStoreFixture : IDisposable
    {
        public const string Agent = "x\u001b]0;pwned\u0007\u001b[2J";
        public const string AgentShown = "x\\e]0;pwned\\a\\e[2J";
        public const string Operation = "op\u009b31mred";
        public const string OperationShown = "op\\u009b31mred";
        public const string Model = "evil\u001b[5m-model";
        public const string ModelShown = "evil\\e[5m-model";
        public const string Session = "s\u202eevil";
        public const string SessionShown = "s\\u202eevil";
        public const string User = "u\r\nFAKE";
        public const string UserShown = "u\\r\\nFAKE";
        public const string Project = "=HYPERLINK(\"http://x\")[red]";
        public const string Error = "boom\u001b]8;;http://evil\u0007link";
        public const string ErrorShown = "boom\\e]8;;http://evil\\alink";
        public const string ImportedProject = "sp\u001b]0;cwd\u0007otter";
        public const string ImportedProjectShown = "sp\\e]0;cwd\\aotter";

        public HostileStoreFixture()
        {
            Sandbox = new CliSandbox();
            // `record` refuses control characters in the names it is given, so hostile names come in as another store's
            // JSONL (a shared export, lines written before that rule), which imports keep as they are. So do values that
            // start like options or formulas (-2+3, @SUM(1)).
            var jsonl = Path.Combine(Sandbox.Root, "hostile.jsonl");
            var plain = new TelemetryRecordBuilder().At(DateTimeOffset.UtcNow.AddMinutes(-30)).Model("gpt-4o-mini").Provider("openai")
                .Project("plain").Tokens(input: 10, output: 5).DurationMs(1500).Build();
            var hostile = plain with
            {
                Model = Model, AgentName = Agent, Operation = Operation, SessionId = Session, UserId = User, Success = false,
                Metadata = plain.Metadata with { Project = Project, Error = Error },
            };
            var formula = new TelemetryRecordBuilder().At(DateTimeOffset.UtcNow.AddHours(-1)).Model("gpt-4o-mini").Provider("openai")
                .Agent("-2+3").Operation("@SUM(1)").Project("+1").Tokens(input: 100, output: 10).DurationMs(300).Build();
            File.WriteAllBytes(jsonl, RecordSerializer.ToLine(hostile).Concat(RecordSerializer.ToLine(formula)).ToArray());
            Sandbox.Run("import", "jsonl", "--path", jsonl, "--dir", Sandbox.Store).Ok();

            // A real log, its cwd changed to a folder whose name holds an escape sequence.
            var logs = Path.Combine(Sandbox.Root, "claude");
            Directory.CreateDirectory(logs);
            var text = File.ReadAllText(Path.Combine(RepoPaths.Fixtures, "claude-code", "spotter-short.jsonl"));
            Assert.Contains("\"cwd\":\"/home/marco/projects/spotter\"", text);
            var log = Path.Combine(logs, "session.jsonl");
            File.WriteAllText(log, text.Replace("\"cwd\":\"/home/marco/projects/spotter\"", "\"cwd\":\"/home/marco/projects/sp\\u001b]0;cwd\\u0007otter\""));
            // A log written in the last two minutes may still grow, and its last call waits for the next import.
            File.SetLastWriteTimeUtc(log, DateTime.UtcNow.AddHours(-1));
            var imported = Sandbox.Run(new[] { "import", "claude-code", "--path", logs, "--json", "--dir", Sandbox.Store }, Env).Ok().Json;
            Assert.True(imported.GetProperty("added").GetInt64() > 0, "the fixture's calls are imported");
        }

        /// <summary>The fixture's log is from early 2026: a long retention keeps it.</summary>
        public static readonly IDictionary<string, string> Env = new Dictionary<string, string> { ["LLM_RETENTION_DAYS"] = "3650" };

        public CliSandbox Sandbox { get; }

        public void Dispose() => Sandbox.Dispose();
    }

    /// <summary>
    /// Hostile values through every human output path of the CLI (tables, notes, warnings, errors, parse errors), and
    /// hostile output paths through export and report (devices, FIFOs, symlinks, dangling symlinks, folders, read-only
    /// folders, planted .partial files). Each case states its exact outcome: the exit code, the text that must appear
    /// (control characters shown as \e, \a, \u009b…), and that no raw control character reached the terminal.
    /// </summary>
    [UnsupportedOSPlatform("windows")]
    public sealed class HostileOutputTests : IClassFixture<HostileStoreFixture>
    {
        private readonly HostileStoreFixture _f;

        public HostileOutputTests(HostileStoreFixture fixture) => _f = fixture;

        private const string Range = "--days";
        private const string Days = "3650";

        public static IEnumerable<object[]> ValueCases()
        {
            object[] Case(string name, int exit, string[] expected, params string[] args) => new object[] { name, exit, expected, args };

            yield return Case("agents", 0, new[] { HostileStoreFixture.AgentShown, "-2+3" }, "agents", Range, Days);
            yield return Case("models", 0, new[] { HostileStoreFixture.ModelShown }, "models", Range, Days);
            yield return Case("events", 0, new[] { HostileStoreFixture.AgentShown, HostileStoreFixture.OperationShown, HostileStoreFixture.ModelShown, HostileStoreFixture.ErrorShown }, "events");
            yield return Case("events --failed", 0, new[] { HostileStoreFixture.ErrorShown }, "events", "--failed");
            yield return Case("costs --by agent", 0, new[] { HostileStoreFixture.AgentShown }, "costs", Range, Days, "--by", "agent");
            yield return Case("costs --by model", 0, new[] { HostileStoreFixture.ModelShown }, "costs", Range, Days, "--by", "model");
            yield return Case("costs --by operation", 0, new[] { HostileStoreFixture.OperationShown, "@SUM(1)" }, "costs", Range, Days, "--by", "operation");
            yield return Case("costs --by project", 0, new[] { HostileStoreFixture.ImportedProjectShown, "=HYPERLINK(\"http://x\")[red]", "+1" }, "costs", Range, Days, "--by", "project");
            yield return Case("costs --by session", 0, new[] { HostileStoreFixture.SessionShown }, "costs", Range, Days, "--by", "session");
            yield return Case("costs --by user", 0, new[] { HostileStoreFixture.UserShown }, "costs", Range, Days, "--by", "user");
            yield return Case("costs --by agent,project", 0, new[] { HostileStoreFixture.AgentShown, HostileStoreFixture.ImportedProjectShown }, "costs", Range, Days, "--by", "agent,project");
            yield return Case("stats", 0, new[] { HostileStoreFixture.ModelShown }, "stats", Range, Days);
            yield return Case("performance", 0, new[] { HostileStoreFixture.OperationShown }, "performance", Range, Days);
            yield return Case("patterns", 0, new[] { HostileStoreFixture.OperationShown }, "patterns", Range, Days);
            yield return Case("events --search", 0, new[] { HostileStoreFixture.AgentShown }, "events", "--search", "pwned");
            yield return Case("agents --agent filter", 0, new[] { HostileStoreFixture.AgentShown }, "agents", Range, Days, "--agent", "x*");
            // Values given as arguments come back in errors and notes.
            yield return Case("bad --timezone", 2, new[] { "invalid --timezone", "Mars\\e[2J" }, "costs", "--timezone", "Mars\u001b[2J");
            yield return Case("bad --by", 2, new[] { "invalid --by", "planet\\a" }, "costs", "--by", "planet\u0007");
            yield return Case("bad --since", 2, new[] { "invalid --since", "2026\\u009b1m" }, "costs", "--since", "2026\u009b1m");
            yield return Case("bad --format", 2, new[] { "invalid --format", "csv\\e]0;t\\a" }, "export", "--format", "csv\u001b]0;t\u0007");
            yield return Case("bad period", 2, new[] { "invalid period", "week\\e[2J" }, "stats", "week\u001b[2J");
            yield return Case("unknown option", 2, new[] { "--\\e[2Jx" }, "costs", "--\u001b[2Jx");
            yield return Case("unknown command", 2, new[] { "cost\\u202es" }, "cost\u202es");
            yield return Case("registry show", 1, new[] { "no model 'gpt\\e[2J'" }, "registry", "show", "gpt\u001b[2J");
            yield return Case("registry list --name", 0, new[] { "0 model(s)" }, "registry", "list", "--name", "x\u001b[2J*");
            // A new record's names may not hold control characters: refused, the value shown escaped.
            yield return Case("record refuses", 2, new[] { "invalid --model", "m\\e]0;t\\a" }, "record", "--model", "m\u001b]0;t\u0007", "--input-tokens", "1", "--output-tokens", "1", "--dir", "{scratch}");
            yield return Case("import missing --path", 2, new[] { "invalid --path", "/nope\\e[2J" }, "import", "jsonl", "--path", "/nope\u001b[2J");
            yield return Case("import malformed line", 0, new[] { "bad\\e[2J.jsonl:1:" }, "import", "jsonl", "--path", "{malformed}", "--dir", "{scratch}");
            yield return Case("prune refuses the store folder", 2, new[] { "invalid --dir", "st\\e[2Jore" }, "prune", "--dir", "{escaped-dir}");
            yield return Case("report --title", 0, new[] { "wrote" }, "report", Range, Days, "--title", "t\u001b]0;x\u0007", "--out", "{page}");
            yield return Case("export --out with escapes", 1, new[] { "cannot write", "no\\e[2Jdir", "does not exist" }, "export", "--format", "csv", "--out", "{root}/no\u001b[2Jdir/x.csv");
        }

        [Theory]
        [MemberData(nameof(ValueCases))]
        public void Hostile_values_are_shown_escaped_never_sent_raw_to_the_terminal(string name, int exit, string[] expected, string[] args)
        {
            string scratch = Path.Combine(_f.Sandbox.Root, "scratch-" + Guid.NewGuid().ToString("N"));
            string escapedDir = Path.Combine(_f.Sandbox.Root, "st\u001b[2Jore");
            Directory.CreateDirectory(escapedDir);
            var argv = args.Select(a => a
                .Replace("{scratch}", scratch)
                .Replace("{root}", _f.Sandbox.Root)
                .Replace("{page}", Path.Combine(_f.Sandbox.Root, Guid.NewGuid().ToString("N") + ".html"))
                .Replace("{escaped-dir}", escapedDir)
                .Replace("{malformed}", Malformed())).ToList();
            if (!argv.Contains("--dir")) argv.AddRange(new[] { "--dir", _f.Sandbox.Store });
            var result = _f.Sandbox.Run(argv, HostileStoreFixture.Env);
            Assert.True(result.ExitCode == exit, $"{name}: exit {result.ExitCode}, expected {exit}\nstdout:\n{result.Stdout}\nstderr:\n{result.Stderr}");
            AssertInert(name, result);
            foreach (var text in expected)
                Assert.True((result.Stdout + result.Stderr).Contains(text, StringComparison.Ordinal), $"{name}: '{text}' not shown\nstdout:\n{result.Stdout}\nstderr:\n{result.Stderr}");
        }

        [Fact]
        public void Csv_export_neutralises_formula_prefixes_in_text_cells_and_keeps_numbers()
        {
            var result = _f.Sandbox.Run(new[] { "export", "--format", "csv", "--dir", _f.Sandbox.Store }, HostileStoreFixture.Env).Ok();
            Assert.Contains(",'-2+3,'@SUM(1),", result.Stdout);
            Assert.Contains(",'+1,", result.Stdout);
            Assert.Contains("\"'=HYPERLINK(\"\"http://x\"\")[red]\"", result.Stdout);
            Assert.DoesNotContain(",=", result.Stdout);
            Assert.DoesNotContain(",\"=", result.Stdout);
            Assert.DoesNotContain(",-2", result.Stdout);
            Assert.DoesNotContain(",@", result.Stdout);
            Assert.DoesNotContain(",+", result.Stdout);
        }

        private string Malformed()
        {
            var file = Path.Combine(_f.Sandbox.Root, "bad\u001b[2J.jsonl");
            if (!File.Exists(file)) File.WriteAllText(file, "{not json\n");
            return file;
        }

        /// <summary>No C0 control but the line feed, no DEL, no C1 control, no bidi override reached stdout or stderr.</summary>
        internal static void AssertInert(string name, CliResult result)
        {
            foreach (var (stream, text) in new[] { ("stdout", result.Stdout), ("stderr", result.Stderr) })
            {
                for (int i = 0; i < text.Length; i++)
                {
                    char c = text[i];
                    bool raw = (c < 0x20 && c != '\n') || (c >= 0x7F && c <= 0x9F) || c == '\u202E' || c == '\u202D' || (c >= '\u2066' && c <= '\u2069');
                    Assert.False(raw, $"{name}: raw U+{(int)c:X4} at {i} of {stream}:\n{text}");
                }
            }
        }

        // ---- output paths ------------------------------------------------------------------------------------------

        public static IEnumerable<object[]> PathCases()
        {
            foreach (var command in new[] { "export", "report" })
                foreach (var scenario in OutputScenario.All)
                    yield return new object[] { command, scenario.Name };
        }

        [Theory]
        [MemberData(nameof(PathCases))]
        public void Hostile_output_paths_are_written_refused_or_reported_as_stated(string command, string scenarioName)
        {
            if (OperatingSystem.IsWindows()) return;
            var scenario = OutputScenario.All.Single(s => s.Name == scenarioName);
            var folder = Path.Combine(_f.Sandbox.Root, "out-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(folder);
            var setup = scenario.Setup(folder);
            var args = command == "export"
                ? new List<string> { "export", "--format", "csv", "--out", setup.Out, "--dir", _f.Sandbox.Store }
                : new List<string> { "report", Range, Days, "--out", setup.Out, "--dir", _f.Sandbox.Store };
            var result = _f.Sandbox.Run(args, HostileStoreFixture.Env);
            var fifoText = setup.Fifo?.Release();
            Assert.True(result.ExitCode == setup.Exit, $"{command} {scenario.Name}: exit {result.ExitCode}, expected {setup.Exit}\nstdout:\n{result.Stdout}\nstderr:\n{result.Stderr}");
            // With --out /dev/stdout the file itself (CSV's CRLF included) is on standard output; the messages stay inert.
            AssertInert(scenario.Name, setup.FileOnStdout ? result with { Stdout = "" } : result);
            foreach (var text in setup.Messages)
                Assert.True(result.Stderr.Contains(text, StringComparison.Ordinal), $"{command} {scenario.Name}: stderr lacks '{text}':\n{result.Stderr}");
            string expectedStart = command == "export" ? "id,timestamp," : "<!DOCTYPE html>";
            setup.Check(new OutputScenario.Outcome(result, expectedStart, fifoText));
            // Nothing is left beside the target, whatever happened (the planted names are the scenario's own).
            Assert.DoesNotContain(Directory.GetFiles(folder, "*.tmp", SearchOption.AllDirectories).Concat(Directory.GetFiles(folder, "*.partial")), f => !setup.Planted.Contains(f));
        }
    }

    /// <summary>One hostile output path: how to lay it out, what the command must do, and what must be true afterwards.</summary>
    [UnsupportedOSPlatform("windows")]
    internal sealed class OutputScenario
    {
        private const UnixFileMode File600 = UnixFileMode.UserRead | UnixFileMode.UserWrite;

        public sealed record Outcome(CliResult Result, string ExpectedStart, string? FifoText);

        public sealed class Laid
        {
            public string Out = "";
            public int Exit;
            public string[] Messages = Array.Empty<string>();
            public Action<Outcome> Check = _ => { };
            public UnixFiles.FifoReader? Fifo;
            public HashSet<string> Planted = new HashSet<string>();
            public bool FileOnStdout;
        }

        public string Name { get; }
        public Func<string, Laid> Setup { get; }

        private OutputScenario(string name, Func<string, Laid> setup)
        {
            Name = name;
            Setup = setup;
        }

        public static readonly OutputScenario[] All =
        {
            new("new file", folder =>
            {
                var path = Path.Combine(folder, "out.file");
                return new Laid
                {
                    Out = path, Exit = 0,
                    Check = o =>
                    {
                        Assert.StartsWith(o.ExpectedStart, File.ReadAllText(path), StringComparison.OrdinalIgnoreCase);
                        Assert.Equal(File600, File.GetUnixFileMode(path));
                    },
                };
            }),
            new("existing 0644 file", folder =>
            {
                var path = Path.Combine(folder, "out.file");
                File.WriteAllText(path, "old content");
                File.SetUnixFileMode(path, File600 | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
                return new Laid
                {
                    Out = path, Exit = 0,
                    Check = o =>
                    {
                        Assert.StartsWith(o.ExpectedStart, File.ReadAllText(path), StringComparison.OrdinalIgnoreCase);
                        Assert.Equal(File600, File.GetUnixFileMode(path));
                    },
                };
            }),
            new("hard link to another file", folder =>
            {
                var victim = Path.Combine(folder, "victim");
                var path = Path.Combine(folder, "out.file");
                File.WriteAllText(victim, "keep me");
                UnixFiles.HardLink(victim, path);
                return new Laid
                {
                    Out = path, Exit = 0,
                    Check = o =>
                    {
                        Assert.Equal("keep me", File.ReadAllText(victim));
                        Assert.StartsWith(o.ExpectedStart, File.ReadAllText(path), StringComparison.OrdinalIgnoreCase);
                    },
                };
            }),
            // The devices are the machine's own for an ordinary user and private nodes with the same numbers for root
            // (UnixFiles.Device): a regression that replaced its target must never replace the machine's /dev/null.
            new("/dev/full", folder =>
            {
                var full = UnixFiles.Device("full", folder);
                return new Laid
                {
                    Out = full, Exit = 1,
                    Messages = new[] { $"cannot write {full}: no space left on device" },
                    Check = _ => Assert.True(Is("-c", full), "/dev/full stays a character device"),
                };
            }),
            new("/dev/null", folder =>
            {
                var nul = UnixFiles.Device("null", folder);
                return new Laid { Out = nul, Exit = 0, Check = _ => Assert.True(Is("-c", nul), "/dev/null stays a character device") };
            }),
            new("/proc/self/fd/1 (standard output)", _ => new Laid
            {
                Out = "/proc/self/fd/1", Exit = 0, FileOnStdout = true,
                Check = o => Assert.Contains(o.ExpectedStart, o.Result.Stdout, StringComparison.OrdinalIgnoreCase),
            }),
            new("a link like /dev/stdout", folder =>
            {
                var link = Path.Combine(folder, "stdout");
                File.CreateSymbolicLink(link, "/proc/self/fd/1");
                return new Laid
                {
                    Out = link, Exit = 0, FileOnStdout = true,
                    Check = o =>
                    {
                        Assert.Contains(o.ExpectedStart, o.Result.Stdout, StringComparison.OrdinalIgnoreCase);
                        Assert.Equal("/proc/self/fd/1", new FileInfo(link).LinkTarget);
                    },
                };
            }),
            new("fifo", folder =>
            {
                var path = Path.Combine(folder, "pipe");
                UnixFiles.MkFifo(path);
                var laid = new Laid { Out = path, Exit = 0 };
                laid.Fifo = UnixFiles.ReadFifo(path);
                laid.Check = o =>
                {
                    Assert.NotNull(o.FifoText);
                    Assert.StartsWith(o.ExpectedStart, o.FifoText!, StringComparison.OrdinalIgnoreCase);
                    Assert.True(Is("-p", path), "the FIFO stays a FIFO");
                };
                return laid;
            }),
            new("symlink to a file", folder =>
            {
                var target = Path.Combine(folder, "target.file");
                var link = Path.Combine(folder, "link.file");
                File.WriteAllText(target, "old content that is longer than nothing at all");
                File.CreateSymbolicLink(link, target);
                return new Laid
                {
                    Out = link, Exit = 0,
                    Check = o =>
                    {
                        Assert.Equal(target, new FileInfo(link).LinkTarget);
                        Assert.StartsWith(o.ExpectedStart, File.ReadAllText(target), StringComparison.OrdinalIgnoreCase);
                        Assert.DoesNotContain("old content", File.ReadAllText(target));
                    },
                };
            }),
            new("symlink to a fifo", folder =>
            {
                var pipe = Path.Combine(folder, "pipe");
                var link = Path.Combine(folder, "link");
                UnixFiles.MkFifo(pipe);
                File.CreateSymbolicLink(link, pipe);
                var laid = new Laid { Out = link, Exit = 0, Fifo = UnixFiles.ReadFifo(pipe) };
                laid.Check = o =>
                {
                    Assert.NotNull(o.FifoText);
                    Assert.StartsWith(o.ExpectedStart, o.FifoText!, StringComparison.OrdinalIgnoreCase);
                    Assert.Equal(pipe, new FileInfo(link).LinkTarget);
                };
                return laid;
            }),
            new("dangling symlink", folder =>
            {
                var link = Path.Combine(folder, "link.file");
                var nowhere = Path.Combine(folder, "nowhere");
                File.CreateSymbolicLink(link, nowhere);
                return new Laid
                {
                    Out = link, Exit = 1,
                    Messages = new[] { $"cannot write {link}: it is a symbolic link to a file that does not exist" },
                    Check = _ =>
                    {
                        Assert.False(File.Exists(nowhere), "nothing is created where the link points");
                        Assert.Equal(nowhere, new FileInfo(link).LinkTarget);
                    },
                };
            }),
            new("symlink to a folder", folder =>
            {
                var dir = Path.Combine(folder, "dir");
                var link = Path.Combine(folder, "link");
                Directory.CreateDirectory(dir);
                File.CreateSymbolicLink(link, dir);
                return new Laid
                {
                    Out = link, Exit = 1,
                    Messages = new[] { $"cannot write {link}: it is a symbolic link to a folder" },
                    Check = _ => Assert.Empty(Directory.GetFileSystemEntries(dir)),
                };
            }),
            new("folder", folder =>
            {
                var dir = Path.Combine(folder, "dir");
                Directory.CreateDirectory(dir);
                return new Laid
                {
                    Out = dir, Exit = 1,
                    Messages = new[] { $"cannot write {dir}: it is a folder" },
                    Check = _ => Assert.Empty(Directory.GetFileSystemEntries(dir)),
                };
            }),
            new("missing folder", folder =>
            {
                var path = Path.Combine(folder, "no", "such", "out.file");
                return new Laid
                {
                    Out = path, Exit = 1,
                    Messages = new[] { $"cannot write {path}: the folder {Path.Combine(folder, "no", "such")} does not exist" },
                    Check = _ => Assert.False(Directory.Exists(Path.Combine(folder, "no"))),
                };
            }),
            new("a file as the folder", folder =>
            {
                var file = Path.Combine(folder, "plain");
                File.WriteAllText(file, "x");
                return new Laid
                {
                    Out = Path.Combine(file, "out.file"), Exit = 1,
                    Messages = new[] { $"cannot write {Path.Combine(file, "out.file")}: {file} is not a folder" },
                    Check = _ => Assert.Equal("x", File.ReadAllText(file)),
                };
            }),
            new("empty", _ => new Laid { Out = "", Exit = 2, Messages = new[] { "invalid --out: is empty" } }),
            new("blank", _ => new Laid { Out = "   ", Exit = 2, Messages = new[] { "invalid --out: is empty" } }),
            new("trailing slash", folder => new Laid
            {
                Out = Path.Combine(folder, "new") + "/", Exit = 2,
                Messages = new[] { "invalid --out: ends with a path separator" },
                Check = _ => Assert.False(Directory.Exists(Path.Combine(folder, "new"))),
            }),
            new("planted .partial symlink", folder =>
            {
                var victim = Path.Combine(folder, "victim");
                var path = Path.Combine(folder, "out.file");
                File.WriteAllText(victim, "keep me");
                var laid = new Laid { Out = path, Exit = 0 };
                foreach (var planted in new[] { path + ".partial", path + ".tmp" })
                {
                    File.CreateSymbolicLink(planted, victim);
                    laid.Planted.Add(planted);
                }
                laid.Check = o =>
                {
                    Assert.Equal("keep me", File.ReadAllText(victim));
                    Assert.StartsWith(o.ExpectedStart, File.ReadAllText(path), StringComparison.OrdinalIgnoreCase);
                    Assert.Equal(FileAttributes.ReparsePoint, File.GetAttributes(path + ".partial") & FileAttributes.ReparsePoint);
                };
                return laid;
            }),
            new("read-only folder", folder =>
            {
                var ro = Path.Combine(folder, "ro");
                Directory.CreateDirectory(ro);
                File.SetUnixFileMode(ro, UnixFileMode.UserRead | UnixFileMode.UserExecute);
                var path = Path.Combine(ro, "out.file");
                bool privileged = UnixFiles.IgnoresFolderModes;
                return new Laid
                {
                    // Root may write anywhere: then the file is written; anyone else is told the folder refused it.
                    Out = path, Exit = privileged ? 0 : 1,
                    Messages = privileged ? Array.Empty<string>() : new[] { $"cannot write {path}: permission denied to create a file in {ro}" },
                    Check = _ =>
                    {
                        Assert.Equal(privileged, File.Exists(path));
                        File.SetUnixFileMode(ro, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                    },
                };
            }),
            new("/proc (read-only even for root)", _ => new Laid
            {
                Out = "/proc/self/llmt-out.file", Exit = 1,
                Messages = new[] { "cannot write /proc/self/llmt-out.file" },
            }),
            new("socket", folder =>
            {
                var path = Path.Combine(folder, "sock");
                // Open until the check: .NET removes a socket's file when it is closed.
                var socket = UnixFiles.Socket(path);
                return new Laid
                {
                    Out = path, Exit = 1,
                    Messages = new[] { $"cannot write {path}: it is a block device or socket" },
                    Check = _ =>
                    {
                        Assert.True(Is("-S", path), "the socket stays a socket");
                        socket.Dispose();
                    },
                };
            }),
        };

        /// <summary>`test -p` (FIFO), `-c` (character device), `-S` (socket): .NET has no API for the file type.</summary>
        private static bool Is(string flag, string path)
        {
            using var p = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("test", new[] { flag, path }) { UseShellExecute = false })!;
            p.WaitForExit();
            return p.ExitCode == 0;
        }
    }
}
