using System.Collections.Generic;
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
        // The files this test means, by name: new fixtures added to ../shared must not change what it asserts.
        internal static readonly string[] ClaudeFixtures = { "spotter-short.jsonl", "spotter-subagent-progress.jsonl", "spotter-sidechain-agent-a881341.jsonl" };
        internal static readonly string[] CodexFixtures =
        {
            "localpush-rollout-2026-02-23T13-19-38-019c8a70-dda7-7f33-98ea-f30553347322.jsonl",
            "localpush-rollout-2026-02-23T20-34-25-019c8bfe-ec25-79e0-97d7-bda6a9c575ff.jsonl",
        };

        private static TelemetryStore Store(string root)
            => new TelemetryStore(new StoreOptions { Root = root, AutoMaintenance = false, StorageEnabled = true, RetentionDays = 100000 });

        [Fact]
        public void Claude_Code_and_Codex_fixtures_import_into_the_store_once()
        {
            using var temp = new TempDir();
            foreach (var name in ClaudeFixtures)
                ImportTestSupport.CopyInto(Path.Combine(ImportTestSupport.FixturesRoot(), "claude-code", name), temp.Combine("claude", "projects", "p"));
            foreach (var name in CodexFixtures)
                ImportTestSupport.CopyInto(Path.Combine(ImportTestSupport.FixturesRoot(), "codex", name), temp.Combine("codex", "sessions"), name.Substring("localpush-".Length));
            var root = temp.Combine("store");

            using (var store = Store(root))
            {
                var claude = TelemetryImporter.Import(ImportSource.ClaudeCode, store, ImportTestSupport.Options(temp.Combine("claude")));
                var codex = TelemetryImporter.Import(ImportSource.Codex, store, ImportTestSupport.Options(temp.Combine("codex")));
                Assert.Equal(21, claude.Added); // 1 + 17 + 3 calls
                Assert.Equal(7, codex.Added);   // 2 + 5 token counts with a new total
                Assert.Equal(0, claude.Malformed + codex.Malformed);
            }

            // A new store instance (a new process) reads the day indexes from disk; checkpoints are ignored here so
            // every call is offered again and must be recognised as stored.
            using (var store = Store(root))
            {
                var options = ImportTestSupport.Options(temp.Combine("claude")) with { IgnoreCheckpoints = true };
                var again = TelemetryImporter.Import(ImportSource.ClaudeCode, store, options);
                Assert.Equal(0, again.Added);
                // The store's retention cut-off went into a copy: the caller's options are as it made them.
                Assert.Null(options.KeepSince);
                Assert.Equal(21 + 7, store.Query().Count());
                Assert.True(Directory.Exists(Path.Combine(root, StoreImportTarget.StateFolderName)));

                var expected = Sum(ClaudeFixtures.Select(n => "claude-code/" + n).Concat(CodexFixtures.Select(n => "codex/" + n)));
                var actual = ImportTestSupport.ByModel(store.Query());
                Assert.Equal(expected.Keys.OrderBy(k => k), actual.Keys.OrderBy(k => k));
                foreach (var pair in expected)
                {
                    Assert.Equal(pair.Value, actual[pair.Key] with { Calls = 0 });
                }
            }
        }

        /// <summary>expected-totals.json's per-model rows, summed over the named fixtures.</summary>
        internal static Dictionary<string, ModelTotals> Sum(IEnumerable<string> fixtures)
        {
            var sum = new Dictionary<string, ModelTotals>();
            foreach (var fixture in fixtures)
            {
                foreach (var pair in ExpectedTotals.For(fixture))
                {
                    var v = pair.Value;
                    sum[pair.Key] = sum.TryGetValue(pair.Key, out var s) ? s.Plus(v) : v; // For's rows carry no calls
                }
            }
            return sum;
        }
    }
}
