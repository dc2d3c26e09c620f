using System.IO;
using System.Linq;
using LlmTelemetry.Configuration;
using LlmTelemetry.Importers;
using LlmTelemetry.Storage;
using Xunit;

namespace LlmTelemetry.Tests.Importers
{
    /// <summary>The importers against the real store: its per-day id index, its batch append, its query.</summary>
    public sealed class StoreImportTests
    {
        private static TelemetryStore Store(string root)
            => new TelemetryStore(new StoreOptions { Root = root, AutoMaintenance = false, StorageEnabled = true, RetentionDays = 100000 });

        [Fact]
        public void Claude_Code_and_Codex_fixtures_import_into_the_store_once()
        {
            using var temp = new TempDir();
            foreach (var name in new[] { "spotter-short.jsonl", "spotter-subagent-progress.jsonl", "spotter-sidechain-agent-a881341.jsonl" })
                ImportTestSupport.CopyInto(Path.Combine(ImportTestSupport.FixturesRoot(), "claude-code", name), temp.Combine("claude", "projects", "p"));
            foreach (var file in Directory.GetFiles(Path.Combine(ImportTestSupport.FixturesRoot(), "codex")))
                ImportTestSupport.CopyInto(file, temp.Combine("codex", "sessions"), Path.GetFileName(file).Substring("localpush-".Length));
            var root = temp.Combine("store");

            using (var store = Store(root))
            {
                var claude = TelemetryImporter.Import(ImportSource.ClaudeCode, store, ImportTestSupport.Options(temp.Combine("claude")));
                var codex = TelemetryImporter.Import(ImportSource.Codex, store, ImportTestSupport.Options(temp.Combine("codex")));
                Assert.Equal(21, claude.Added); // 1 + 17 + 3 calls
                Assert.Equal(7, codex.Added);
            }

            // A new store instance (a new process) reads the day indexes from disk; checkpoints are ignored here so
            // every call is offered again and must be recognised as stored.
            using (var store = Store(root))
            {
                var options = ImportTestSupport.Options(temp.Combine("claude"));
                options.IgnoreCheckpoints = true;
                var again = TelemetryImporter.Import(ImportSource.ClaudeCode, store, options);
                Assert.Equal(0, again.Added);
                Assert.Equal(21 + 7, store.Query().Count());
                Assert.True(Directory.Exists(Path.Combine(root, StoreImportTarget.StateFolderName)));
                var expected = ExpectedTotals.For("claude-code/spotter-subagent-progress.jsonl")["claude-haiku-4-5-20251001"];
                var haiku = ImportTestSupport.ByModel(store.Query().Where(r => r.Model == "claude-haiku-4-5-20251001"));
                Assert.Equal(expected, haiku["claude-haiku-4-5-20251001"] with { Calls = 0 });
            }
        }
    }
}
