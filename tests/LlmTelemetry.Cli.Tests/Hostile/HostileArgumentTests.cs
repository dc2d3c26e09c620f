using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using Xunit;

namespace LlmTelemetry.Cli.Tests.Hostile
{
    /// <summary>A store to read (three calls, one by an agent named with 100,000 a's) and the odd paths the cases point at.</summary>
    public sealed class HostileArgumentFixture : IDisposable
    {
        public HostileArgumentFixture()
        {
            Sandbox = new CliSandbox();
            Read = Sandbox.Store;
            Write = Path.Combine(Sandbox.Root, "write-store");
            foreach (var extra in new[] { new[] { "--agent", LongAgent }, new[] { "--agent", "plain" } })
                Sandbox.Run(new[] { "record", "--model", "gpt-4o-mini", "--input-tokens", "10", "--output-tokens", "1", "--json", "--dir", Read }.Concat(extra).ToArray()).Ok();
            // Written through the core: the CLI took "@scope/pkg" for a response file before the fix, and the other cases must not depend on that one.
            using (var store = new LlmTelemetry.Storage.TelemetryStore(new LlmTelemetry.Configuration.StoreOptions
            {
                Root = Read, AutoMaintenance = false, Environment = new Dictionary<string, string?>(), ConfigFile = Path.Combine(Sandbox.Root, "no-config.json"),
            }))
            {
                store.Append(new LlmTelemetry.Records.TelemetryRecordBuilder().Model("gpt-4o-mini").Provider("openai").Agent("scoped").Project("@scope/pkg")
                    .Tokens(input: 10, output: 1).Build());
            }

            File.WriteAllText(Paths["{file}"] = Path.Combine(Sandbox.Root, "a-file"), "not a folder");
            File.CreateSymbolicLink(Paths["{dangling}"] = Path.Combine(Sandbox.Root, "dangling"), Path.Combine(Sandbox.Root, "nowhere"));
            Paths["{loop}"] = Path.Combine(Sandbox.Root, "loop");
            File.CreateSymbolicLink(Paths["{loop}"], Paths["{loop}"] + "-2");
            File.CreateSymbolicLink(Paths["{loop}"] + "-2", Paths["{loop}"]);
            File.CreateSymbolicLink(Paths["{filelink}"] = Path.Combine(Sandbox.Root, "file-link"), Paths["{file}"]);
            Paths["{underfile}"] = Path.Combine(Paths["{file}"], "store");
            Paths["{read}"] = Read;
            Paths["{write}"] = Write;
            Paths["{root}"] = Sandbox.Root;
            File.WriteAllText(Paths["{jsonl}"] = Path.Combine(Sandbox.Root, "import.jsonl"), File.ReadAllText(Directory.GetFiles(Read, "telemetry.jsonl", SearchOption.AllDirectories).Single()));
        }

        public static readonly string LongAgent = new string('a', 100_000);

        public CliSandbox Sandbox { get; }
        public string Read { get; }
        public string Write { get; }
        public Dictionary<string, string> Paths { get; } = new();

        public void Dispose() => Sandbox.Dispose();
    }

    /// <summary>
    /// Hostile command lines and environments for the real (native) CLI. Every case states its outcome: exit 2 with a
    /// message naming the option or variable (nothing written), or an accepted rule with the exact result. None may crash
    /// ("Unhandled exception"), replay a control character onto the terminal, or write to a store it was not meant for.
    /// </summary>
    public sealed class HostileArgumentTests : IClassFixture<HostileArgumentFixture>
    {
        private readonly HostileArgumentFixture _f;

        public HostileArgumentTests(HostileArgumentFixture f) => _f = f;

        /// <summary>One case: arguments ({read}, {write}, {file}… are fixture paths), environment, exit code, what stderr must name.</summary>
        private sealed record Case(string[] Args, int Exit, string[] Names, Dictionary<string, string>? Env = null, Action<CliResult>? Check = null);

        private static readonly string[] RangeCommands = { "stats", "costs", "models", "agents", "performance", "patterns", "events", "export --format jsonl", "report --out {root}/r.html" };

        private static readonly Dictionary<string, Case> Cases = Build();

        private static Dictionary<string, Case> Build()
        {
            var c = new Dictionary<string, Case>();
            string[] A(string command, params string[] more) => command.Split(' ').Concat(more).ToArray();
            string[] Rec(params string[] more) => new[] { "record", "--model", "gpt-4o", "--input-tokens", "5", "--output-tokens", "1", "--dir", "{write}" }.Concat(more).ToArray();

            // Ranges past the calendar: each of the nine range commands crashed with ArgumentOutOfRangeException.
            foreach (var command in RangeCommands)
            {
                string name = command.Split(' ')[0];
                c[name + " --until 9999-12-31"] = new Case(A(command, "--since", "2026-01-01", "--until", "9999-12-31", "--dir", "{read}"), 2, new[] { "--until", "9998-12-31" });
                c[name + " --since 0001-01-01 in Kiritimati"] = new Case(A(command, "--since", "0001-01-01", "--timezone", "Pacific/Kiritimati", "--dir", "{read}"), 2, new[] { "--since", "1970-01-01" });
            }
            c["costs 1970-01-01..9998-12-31 in UTC-12 is a range"] = new Case(A("costs", "--since", "1970-01-01", "--until", "9998-12-31", "--timezone", "Etc/GMT+12", "--by", "model", "--json", "--dir", "{read}"), 0, Array.Empty<string>(),
                Check: r => Assert.Equal(3, r.Json.GetProperty("totals").GetProperty("calls").GetInt32()));

            // '@' is an ordinary character, not a response file.
            c["--project @scope/pkg is a name"] = new Case(A("costs", "--project", "@scope/pkg", "--json", "--dir", "{read}"), 0, Array.Empty<string>(),
                Check: r => Assert.Equal(1, r.Json.GetProperty("totals").GetProperty("calls").GetInt32()));
            c["--agent @/etc/passwd is a name"] = new Case(A("costs", "--agent", "@/etc/passwd", "--json", "--dir", "{read}"), 0, Array.Empty<string>(),
                Check: r => { Assert.Equal(0, r.Json.GetProperty("totals").GetProperty("calls").GetInt32()); Assert.DoesNotContain("root:", r.Stdout + r.Stderr); });
            c["record --agent @/etc/passwd stores it literally"] = new Case(A("record", "--model", "gpt-4o", "--input-tokens", "5", "--output-tokens", "1", "--agent", "@/etc/passwd", "--json", "--dir", "{root}/at-store"), 0, Array.Empty<string>(),
                Check: r => Assert.Equal("@/etc/passwd", r.Json.GetProperty("agent_name").GetString()));
            c["a stray @/etc/passwd is an unknown argument"] = new Case(A("costs", "@/etc/passwd", "--dir", "{read}"), 2, new[] { "@/etc/passwd" },
                Check: r => Assert.DoesNotContain("root:", r.Stdout + r.Stderr));

            // Wildcards against a 100,000-character agent: "*a*a*b" ran for minutes (the process guard is 120 s).
            c["--agent *a*a*b on a 100k name"] = new Case(A("costs", "--agent", "*a*a*b", "--json", "--dir", "{read}"), 0, Array.Empty<string>(),
                Check: r => Assert.Equal(0, r.Json.GetProperty("totals").GetProperty("calls").GetInt32()));
            c["--agent *a*a*a on a 100k name"] = new Case(A("costs", "--agent", "*a*a*a", "--json", "--dir", "{read}"), 0, Array.Empty<string>(),
                Check: r => Assert.Equal(1, r.Json.GetProperty("totals").GetProperty("calls").GetInt32()));
            c["--agent ?LAIN,S*D ignores case"] = new Case(A("events", "--agent", "?LAIN,S*D", "--json", "--dir", "{read}"), 0, Array.Empty<string>(),
                Check: r => Assert.Equal(new[] { "plain", "scoped" }, r.Json.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("agent_name").GetString()).OrderBy(s => s).ToArray()));

            // Control characters in names are refused (and shown escaped).
            foreach (var (option, value) in new[]
            {
                ("--agent", "\u001b[31mred"), ("--agent", "del\u007f"), ("--model", "gpt\u0007"), ("--user", "a\nb"),
                ("--operation", "op\r"), ("--session", "s\t1"), ("--provider", "p\u009b2J"), ("--project", "p\u001b]0;title\u0007"), ("--event-type", "llm\u001bcall"),
            })
            {
                var args = option == "--model"
                    ? new[] { "record", "--model", value, "--input-tokens", "5", "--output-tokens", "1", "--dir", "{write}" }
                    : Rec(option, value);
                c["record " + option + " with U+" + ((int)value.First(char.IsControl)).ToString("X4")] = new Case(args, 2, new[] { option, "control characters" });
            }

            // --dir that is not a folder.
            c["costs --dir ''"] = new Case(A("costs", "--dir", ""), 2, new[] { "--dir", "must not be empty" });
            c["record --dir ''"] = new Case(A("record", "--model", "gpt-4o", "--input-tokens", "5", "--output-tokens", "1", "--dir", ""), 2, new[] { "--dir", "must not be empty" });
            c["costs --dir '   '"] = new Case(A("costs", "--dir", "   "), 2, new[] { "--dir", "must not be empty" });
            c["costs --dir a file"] = new Case(A("costs", "--dir", "{file}"), 2, new[] { "--dir", "a file, not a folder", "{file}" });
            c["costs --dir a dangling link"] = new Case(A("costs", "--dir", "{dangling}"), 2, new[] { "--dir", "symbolic link", "{dangling}" });
            c["events --dir a link loop"] = new Case(A("events", "--dir", "{loop}"), 2, new[] { "--dir", "symbolic link", "{loop}" });
            c["stats --dir a link to a file"] = new Case(A("stats", "--dir", "{filelink}"), 2, new[] { "--dir", "symbolic link" });
            c["costs --dir inside a file"] = new Case(A("costs", "--dir", "{underfile}"), 2, new[] { "--dir", "inside", "{file}" });
            c["record --dir with a newline"] = new Case(A("record", "--model", "gpt-4o", "--input-tokens", "5", "--output-tokens", "1", "--dir", "{root}/new\nline"), 2, new[] { "--dir", "control characters" });

            // --timestamp is ISO-8601 and a date a record can have.
            foreach (var bad in new[] { "0001-01-01T00:00:00Z", "12/01/2026", "Dec 1", "1969-12-31T23:59:59Z", "9999-12-31T00:00:00Z" })
                c["record --timestamp " + bad] = new Case(Rec("--timestamp", bad), 2, new[] { "--timestamp", bad });
            foreach (var (given, stored) in new[] { ("2026-11-20T10:30", "2026-11-20T10:30:00Z"), ("2026-11-20", "2026-11-20T00:00:00Z"), ("2026-11-20T10:30:00.25+01:00", "2026-11-20T09:30:00.25Z") })
                c["record --timestamp " + given + " is accepted"] = new Case(A("record", "--model", "gpt-4o", "--input-tokens", "5", "--output-tokens", "1", "--timestamp", given, "--json", "--dir", "{root}/ts-store"), 0, Array.Empty<string>(),
                    Check: r => Assert.Equal(stored, r.Json.GetProperty("timestamp").GetString()));

            // Numbers out of range.
            foreach (var (command, option, value) in new[]
            {
                ("costs", "--days", "2147483648"), ("costs", "--days", "1e3"), ("events", "--limit", "2147483648"), ("models", "--top", "-1"),
                ("report --out {root}/r2.html", "--max-events", "-1"), ("demo", "--days", "3651"), ("demo", "--per-day", "0"),
            })
                c[command.Split(' ')[0] + " " + option + " " + value] = new Case(A(command, option, value, "--dir", command == "demo" ? "{root}/demo" : "{read}"), 2, new[] { option });
            foreach (var (option, value) in new[]
            {
                ("--input-tokens", "9223372036854775808"), ("--output-tokens", "-1"), ("--cache-creation-1h-input-tokens", "5"),
                ("--reasoning-tokens", "2"), ("--duration-ms", "-1"), ("--cost-usd", "NaN"), ("--cost-usd", "1e309"),
            })
                c["record " + option + " " + value] = new Case(Rec(option, value), 2, new[] { option });
            foreach (var (option, value) in new[] { ("--temperature", "NaN"), ("--temperature", "2.5"), ("--timeout-sec", "2147483647"), ("--max-tokens", "0"), ("--base-url", "file:///etc/passwd") })
                c["chat " + option + " " + value] = new Case(new[] { "chat", "--model", "local-model", "--base-url", option == "--base-url" ? value : "http://127.0.0.1:9/v1", option, value, "hello", "--dir", "{write}" }.Distinct().ToArray(), 2, new[] { option });

            // LLM_* variables with bad values: a failure (exit 1, as the README states) naming the variable.
            foreach (var (variable, value, command) in new[]
            {
                ("LLM_TELEMETRY_STORAGE", "maybe", "record"), ("LLM_STORE_PROMPTS", "2", "record"), ("LLM_STORE_RESPONSES", " ", "record"),
                ("LLM_RETENTION_DAYS", "abc", "costs"), ("LLM_RETENTION_DAYS", "2147483647", "import"),
                ("LLM_STORAGE_MAX_SIZE_MB", "-1", "prune"), ("LLM_STORAGE_MAX_SIZE_MB", "99999999999", "costs"),
                ("LLM_TELEMETRY_DIR", "{file}", "costs-nodir"), ("LLM_TELEMETRY_DIR", "   ", "costs-nodir"), ("LLM_TELEMETRY_DIR", "{root}/\u001b[31m", "costs-nodir"),
                ("LLM_TELEMETRY_CONFIG_DIR", "{file}", "costs"), ("LLM_TELEMETRY_CONFIG_DIR", "{root}/cfg\u0007", "costs"),
            })
            {
                string[] args = command switch
                {
                    "record" => Rec(),
                    "import" => new[] { "import", "jsonl", "--path", "{jsonl}", "--dry-run", "--dir", "{write}" },
                    "prune" => new[] { "prune", "--dry-run", "--dir", "{write}" },
                    "costs-nodir" => new[] { "costs" },
                    _ => new[] { "costs", "--dir", "{read}" },
                };
                string shown = string.Concat(value.Select(ch => char.IsControl(ch) ? "\\u" + ((int)ch).ToString("X4") : ch.ToString()));
                c[variable + "=" + shown + " " + command] = new Case(args, 1, new[] { "environment variable " + variable }, new Dictionary<string, string> { [variable] = value });
            }
            return c;
        }

        public static IEnumerable<object[]> CaseNames() => Cases.Keys.Select(k => new object[] { k });

        [Theory]
        [MemberData(nameof(CaseNames))]
        public void Each_hostile_argument_gets_its_stated_outcome(string name)
        {
            var c = Cases[name];
            string Fill(string s) => _f.Paths.Aggregate(s, (acc, p) => acc.Replace(p.Key, p.Value));
            var env = c.Env?.ToDictionary(p => p.Key, p => Fill(p.Value));
            var result = _f.Sandbox.Run(c.Args.Select(Fill), env);

            Assert.True(result.ExitCode == c.Exit, $"{name}: exit {result.ExitCode}, expected {c.Exit}\nstdout:\n{Cut(result.Stdout)}\nstderr:\n{Cut(result.Stderr)}");
            Assert.DoesNotContain("Unhandled exception", result.Stderr);
            foreach (var named in c.Names) Assert.Contains(Fill(named), result.Stderr);
            // Hostile text is never replayed onto the terminal that shows the error.
            Assert.DoesNotContain(result.Stderr, ch => ch == '\u001b' || ch == '\u0007' || ch == '\u009b');
            if (c.Exit != 0) Assert.False(Directory.Exists(_f.Write) && Directory.EnumerateFileSystemEntries(_f.Write, "*.jsonl", SearchOption.AllDirectories).Any(), name + ": wrote to the store");
            c.Check?.Invoke(result);
        }

        private static string Cut(string s) => s.Length > 2000 ? s.Substring(0, 2000) + "…" : s;
    }
}
