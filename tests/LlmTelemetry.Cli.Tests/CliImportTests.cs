using System.IO;
using System.Linq;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Cli.Tests
{
    public sealed class CliImportTests
    {
        [Fact]
        public void Importing_claude_code_logs_twice_adds_their_calls_once_with_ccusage_token_totals()
        {
            using var sandbox = new CliSandbox();
            var logs = Path.Combine(sandbox.Root, "claude", "projects", "spotter");
            Directory.CreateDirectory(logs);
            var log = Path.Combine(logs, "short.jsonl");
            File.Copy(Path.Combine(RepoPaths.Fixtures, "claude-code", "spotter-short.jsonl"), log);
            // The copy was written this instant, as a log being written now is: every call is imported at once.
            // Default settings: February is past the 30-day raw retention, so its calls go to their days' history, and
            // none is refused (older_than_retention stays in --json for the tools that read it, and is 0).
            var dryRun = sandbox.Run("import", "claude-code", "--path", Path.Combine(sandbox.Root, "claude"), "--dir", sandbox.Store, "--dry-run").Ok();
            Assert.DoesNotContain("retention", dryRun.Stdout + dryRun.Stderr);
            var first = sandbox.Run("import", "claude-code", "--path", Path.Combine(sandbox.Root, "claude"), "--dir", sandbox.Store, "--json").Ok().Json;
            Assert.True(first.GetProperty("added").GetInt64() > 0);
            Assert.Equal(0, first.GetProperty("older_than_retention").GetInt64());
            Assert.Equal(0, first.GetProperty("malformed").GetInt64());
            var second = sandbox.Run("import", "claude-code", "--path", Path.Combine(sandbox.Root, "claude"), "--dir", sandbox.Store, "--json").Ok().Json;
            Assert.Equal(0, second.GetProperty("added").GetInt64());

            var costs = sandbox.Run("costs", "--since", "2026-02-01", "--until", "2026-02-28", "--by", "model", "--timezone", "UTC", "--dir", sandbox.Store, "--json").Ok().Json;
            var opus = costs.GetProperty("groups").EnumerateArray().Single();
            Assert.Equal("claude-opus-4-6", opus.GetProperty("key").GetString());
            // expected-totals.json (ccusage 20.0.24): input 3, output 13, cache writes 13,835, cache reads 11,515, $0.1444475.
            Assert.Equal(3, opus.GetProperty("input_tokens").GetInt64());
            Assert.Equal(13, opus.GetProperty("output_tokens").GetInt64());
            Assert.Equal(13835, opus.GetProperty("cache_creation_input_tokens").GetInt64());
            Assert.Equal(11515, opus.GetProperty("cache_read_input_tokens").GetInt64());
            Assert.InRange(opus.GetProperty("cost_usd").GetDouble(), 0.1444475 * 0.995, 0.1444475 * 1.005);
        }

        [Fact]
        public void Importing_another_stores_export_merges_without_duplicates_and_keeps_its_host()
        {
            using var a = new CliSandbox();
            using var b = new CliSandbox();
            a.Run("record", "--model", "gpt-4o-mini", "--input-tokens", "10", "--output-tokens", "1", "--dir", a.Store).Ok();
            b.Run("record", "--model", "gpt-4o-mini", "--input-tokens", "20", "--output-tokens", "2", "--dir", b.Store).Ok();
            var export = Path.Combine(b.Root, "b.jsonl");
            b.Run("export", "--format", "jsonl", "--out", export, "--dir", b.Store).Ok();
            Assert.Equal(1, a.Run("import", "jsonl", "--path", export, "--dir", a.Store, "--json").Ok().Json.GetProperty("added").GetInt64());
            Assert.Equal(0, a.Run("import", "jsonl", "--path", b.Store, "--dir", a.Store, "--json").Ok().Json.GetProperty("added").GetInt64());
            var totals = a.Run("costs", "--days", "2", "--dir", a.Store, "--json").Ok().Json.GetProperty("totals");
            Assert.Equal(2, totals.GetProperty("calls").GetInt64());
            Assert.Equal(30, totals.GetProperty("input_tokens").GetInt64());
        }

        [Fact]
        public void Import_without_a_path_for_jsonl_or_with_an_unknown_source_is_a_bad_argument()
        {
            using var sandbox = new CliSandbox();
            var noPath = sandbox.Run("import", "jsonl", "--dir", sandbox.Store);
            Assert.Equal(2, noPath.ExitCode);
            Assert.Contains("--path", noPath.Stderr);
            var unknown = sandbox.Run("import", "cursor", "--dir", sandbox.Store);
            Assert.Equal(2, unknown.ExitCode);
            Assert.Contains("source", unknown.Stderr);
        }
    }
}
