using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Cli.Tests
{
    /// <summary>`import gemini` and `import` with no source, run as a real process over logs laid out as the tools leave them.</summary>
    public sealed class CliImportAllTests
    {
        private const string GeminiChat = "codemie-session-2025-12-01T21-45-5b959dae.json";
        private const string CodexLog = "localpush-rollout-2026-02-23T13-19-38-019c8a70-dda7-7f33-98ea-f30553347322.jsonl";

        /// <summary>Today's --json object of one source, field by field and in this order; `import` with no source repeats it per source.</summary>
        private static readonly string[] OneSourceFields =
        {
            "source", "dry_run", "files_read", "files_unchanged", "lines", "added", "corrected", "duplicates", "older_than_retention",
            "deferred", "malformed", "bytes", "elapsed_ms", "malformed_lines", "unreadable_files",
        };

        private static string[] Fields(JsonElement o) => o.EnumerateObject().Select(p => p.Name).ToArray();

        private static JsonElement ExpectedRow(string fixture)
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(RepoPaths.Fixtures, "expected-totals.json")));
            return doc.RootElement.GetProperty(fixture).GetProperty("by_model").EnumerateObject().Single().Value.Clone();
        }

        /// <summary>Claude Code, Codex and Gemini CLI folders in the sandbox, and the variables that point the tools (and us) at them.</summary>
        private static Dictionary<string, string> Layout(CliSandbox sandbox, bool withGemini = true)
        {
            var claude = Path.Combine(sandbox.Root, "claude");
            var log = Path.Combine(claude, "projects", "spotter", "short.jsonl");
            Directory.CreateDirectory(Path.GetDirectoryName(log)!);
            File.Copy(Path.Combine(RepoPaths.Fixtures, "claude-code", "spotter-short.jsonl"), log);
            // A finished log: one written in the last two minutes keeps its last call for the next import.
            File.SetLastWriteTimeUtc(log, DateTime.UtcNow.AddHours(-1));
            var codex = Path.Combine(sandbox.Root, "codex");
            Directory.CreateDirectory(Path.Combine(codex, "sessions", "2026", "02", "23"));
            File.Copy(Path.Combine(RepoPaths.Fixtures, "codex", CodexLog), Path.Combine(codex, "sessions", "2026", "02", "23", CodexLog.Substring("localpush-".Length)));
            var gemini = Path.Combine(sandbox.Root, "gemini");
            if (withGemini)
            {
                Directory.CreateDirectory(Path.Combine(gemini, "tmp", "fb8e242a", "chats"));
                File.Copy(Path.Combine(RepoPaths.Fixtures, "gemini", GeminiChat), Path.Combine(gemini, "tmp", "fb8e242a", "chats", GeminiChat.Substring("codemie-".Length)));
            }
            var home = Path.Combine(sandbox.Root, "home");
            Directory.CreateDirectory(home);
            return new Dictionary<string, string> { ["HOME"] = home, ["CLAUDE_CONFIG_DIR"] = claude, ["CODEX_HOME"] = codex, ["GEMINI_DATA_DIR"] = gemini };
        }

        [Fact]
        public void Importing_a_gemini_chat_prints_the_one_source_object_and_its_tokens_reach_the_costs()
        {
            using var sandbox = new CliSandbox();
            var chat = Path.Combine(sandbox.Root, "chats", GeminiChat);
            Directory.CreateDirectory(Path.GetDirectoryName(chat)!);
            File.Copy(Path.Combine(RepoPaths.Fixtures, "gemini", GeminiChat), chat);

            var first = sandbox.Run("import", "gemini", "--path", chat, "--dir", sandbox.Store, "--json").Ok().Json;
            var again = sandbox.Run("import", "gemini-cli", "--path", chat, "--dir", sandbox.Store, "--json").Ok().Json;

            Assert.Equal(OneSourceFields, Fields(first));
            Assert.Equal(("gemini", 11L, 0L), (first.GetProperty("source").GetString(), first.GetProperty("added").GetInt64(), first.GetProperty("malformed").GetInt64()));
            Assert.Equal((0L, 1L), (again.GetProperty("added").GetInt64(), again.GetProperty("files_unchanged").GetInt64()));
            var costs = sandbox.Run("costs", "--since", "2025-12-01", "--until", "2025-12-01", "--by", "model", "--timezone", "UTC", "--dir", sandbox.Store, "--json").Ok().Json;
            var row = costs.GetProperty("groups").EnumerateArray().Single();
            var expected = ExpectedRow("gemini/" + GeminiChat);
            Assert.Equal("gemini-3-pro-image-preview", row.GetProperty("key").GetString());
            Assert.Equal(expected.GetProperty("calls").GetInt64(), row.GetProperty("calls").GetInt64());
            Assert.Equal(expected.GetProperty("input").GetInt64(), row.GetProperty("input_tokens").GetInt64());
            Assert.Equal(expected.GetProperty("output").GetInt64(), row.GetProperty("output_tokens").GetInt64());
            Assert.Equal(expected.GetProperty("reasoning").GetInt64(), row.GetProperty("reasoning_tokens").GetInt64());
            Assert.Equal(expected.GetProperty("cache_read_input").GetInt64(), row.GetProperty("cache_read_input_tokens").GetInt64());
        }

        [Fact]
        public void Import_without_a_source_imports_every_tool_found_here_once_and_one_source_keeps_todays_object()
        {
            using var sandbox = new CliSandbox();
            var env = Layout(sandbox);

            var all = sandbox.Run(new[] { "import", "--dir", sandbox.Store, "--json" }, env).Ok().Json;
            var again = sandbox.Run(new[] { "import", "--dir", sandbox.Store, "--json" }, env).Ok().Json;
            var positional = sandbox.Run(new[] { "import", "claude-code", "--dir", sandbox.Store, "--json" }, env).Ok().Json;
            var option = sandbox.Run(new[] { "import", "--source", "codex", "--dir", sandbox.Store, "--json" }, env).Ok().Json;

            Assert.Equal(new[] { "sources", "added", "corrected", "duplicates", "malformed", "elapsed_ms", "not_found" }, Fields(all));
            var sources = all.GetProperty("sources").EnumerateArray().ToList();
            Assert.Equal(new[] { "claude-code", "codex", "gemini" }, sources.Select(s => s.GetProperty("source").GetString()));
            Assert.All(sources, s => Assert.Equal(OneSourceFields, Fields(s)));
            Assert.Equal(new[] { 1L, 1L, 11L }, sources.Select(s => s.GetProperty("added").GetInt64()));
            Assert.Equal(13, all.GetProperty("added").GetInt64());
            Assert.Equal(sources.Sum(s => s.GetProperty("duplicates").GetInt64()), all.GetProperty("duplicates").GetInt64());
            Assert.Equal(0, all.GetProperty("malformed").GetInt64());
            Assert.Empty(all.GetProperty("not_found").EnumerateArray());
            Assert.Equal(0, again.GetProperty("added").GetInt64());
            Assert.All(again.GetProperty("sources").EnumerateArray(), s => Assert.Equal(1, s.GetProperty("files_unchanged").GetInt64()));

            // Naming one source (as an argument or with --source) prints exactly the object it always did.
            Assert.Equal(OneSourceFields, Fields(positional));
            Assert.Equal(("claude-code", 0L, 1L), (positional.GetProperty("source").GetString(), positional.GetProperty("added").GetInt64(), positional.GetProperty("files_unchanged").GetInt64()));
            Assert.Equal(OneSourceFields, Fields(option));
            Assert.Equal("codex", option.GetProperty("source").GetString());

            var totals = sandbox.Run("costs", "--since", "2025-12-01", "--until", "2026-03-01", "--timezone", "UTC", "--dir", sandbox.Store, "--json").Ok().Json.GetProperty("totals");
            Assert.Equal(13, totals.GetProperty("calls").GetInt64());
        }

        [Fact]
        public void A_tool_with_no_logs_here_is_skipped_and_named_with_where_it_was_looked_for()
        {
            using var sandbox = new CliSandbox();
            var env = Layout(sandbox, withGemini: false);

            var human = sandbox.Run(new[] { "import", "--dir", sandbox.Store }, env).Ok();
            var json = sandbox.Run(new[] { "import", "--dir", sandbox.Store, "--json", "--dry-run" }, env).Ok().Json;

            Assert.Contains("gemini: no logs found at " + Path.Combine(env["GEMINI_DATA_DIR"], "tmp"), human.Stdout);
            Assert.Contains("import claude-code", human.Stdout);
            Assert.Contains("import codex", human.Stdout);
            Assert.Equal(new[] { "claude-code", "codex" }, json.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("source").GetString()));
            var missing = Assert.Single(json.GetProperty("not_found").EnumerateArray());
            Assert.Equal("gemini", missing.GetProperty("source").GetString());
            Assert.Equal(Path.Combine(env["GEMINI_DATA_DIR"], "tmp"), missing.GetProperty("paths").EnumerateArray().Single().GetString());
        }

        [Fact]
        public void A_path_without_a_source_is_a_bad_argument_naming_path_and_asking_for_a_source()
        {
            using var sandbox = new CliSandbox();
            var noSource = sandbox.Run("import", "--path", sandbox.Root, "--dir", sandbox.Store);
            Assert.Equal(2, noSource.ExitCode);
            Assert.Contains("--path", noSource.Stderr);
            Assert.Contains("needs a source", noSource.Stderr);
            var twoSources = sandbox.Run("import", "codex", "--source", "gemini", "--dir", sandbox.Store);
            Assert.Equal(2, twoSources.ExitCode);
            Assert.Contains("source", twoSources.Stderr);
            Assert.False(Directory.Exists(sandbox.Store) && Directory.EnumerateFileSystemEntries(sandbox.Store).Any(e => Path.GetFileName(e) == ".import"));
        }
    }
}
