using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using LlmTelemetry.Configuration;
using LlmTelemetry.Importers;
using LlmTelemetry.Queries;
using LlmTelemetry.Storage;
using LlmTelemetry.Tests.Importers;
using Xunit;

namespace LlmTelemetry.Tests.History
{
    /// <summary>
    /// The shared Claude Code and Codex fixtures were written from January to August 2026. Imported on 2026-12-02
    /// with default settings (30 days of raw records), none is refused: they go into their days' history, per-model
    /// tokens equal expected-totals.json, a second import adds nothing, and a prune changes no total.
    /// </summary>
    public sealed class ImportKeepsHistoryTests
    {
        // The fixtures the store import test means, with its expected sums: the same calls, now months old.
        private static readonly string[] ClaudeFixtures = StoreImportTests.ClaudeFixtures;
        private static readonly string[] CodexFixtures = StoreImportTests.CodexFixtures;

        private static readonly DateTimeOffset Today = new DateTimeOffset(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);

        private static TelemetryStore DefaultStore(TempDir temp) => new TelemetryStore(new StoreOptions
        {
            Root = temp.Combine("store"),
            AutoMaintenance = false,
            Clock = () => Today,
            Environment = new Dictionary<string, string?>(),
            ConfigFile = temp.Combine("config", "config.json"),
        });

        [Fact]
        public void Months_old_fixtures_import_into_history_once_and_a_prune_changes_no_total()
        {
            using var temp = new TempDir();
            foreach (var name in ClaudeFixtures)
                ImportTestSupport.CopyInto(Path.Combine(ImportTestSupport.FixturesRoot(), "claude-code", name), temp.Combine("claude", "projects", "p"));
            foreach (var name in CodexFixtures)
                ImportTestSupport.CopyInto(Path.Combine(ImportTestSupport.FixturesRoot(), "codex", name), temp.Combine("codex", "sessions"), name.Substring("localpush-".Length));

            using (var store = DefaultStore(temp))
            {
                Assert.Equal(30, store.Settings.RetentionDays.Value);
                var claude = TelemetryImporter.Import(ImportSource.ClaudeCode, store, ImportTestSupport.Options(temp.Combine("claude")));
                var codex = TelemetryImporter.Import(ImportSource.Codex, store, ImportTestSupport.Options(temp.Combine("codex")));
                Assert.Equal(21, claude.Added);
                Assert.Equal(7, codex.Added);
                Assert.Equal(0, claude.OlderThanRetention + codex.OlderThanRetention);
                Assert.Empty(store.Days());
                Assert.NotEmpty(store.History.Days());
            }

            using (var store = DefaultStore(temp))
            {
                var again = TelemetryImporter.Import(ImportSource.ClaudeCode, store, ImportTestSupport.Options(temp.Combine("claude")) with { IgnoreCheckpoints = true });
                var codexAgain = TelemetryImporter.Import(ImportSource.Codex, store, ImportTestSupport.Options(temp.Combine("codex")) with { IgnoreCheckpoints = true });
                Assert.Equal(0, again.Added + codexAgain.Added);
                Assert.True(again.Duplicates + codexAgain.Duplicates >= 21 + 7, "every call is recognised as stored");

                var expected = Expected();
                var before = ByModel(store);
                Assert.Equal(expected.Keys.OrderBy(k => k), before.Keys.OrderBy(k => k));
                foreach (var pair in expected) Assert.Equal(pair.Value, before[pair.Key]);

                store.Maintenance.Run(new MaintenanceOptions());
                Assert.Equal(before, ByModel(store));
            }
        }

        [Fact]
        public void Overlapping_copies_and_a_log_cut_short_add_nothing_to_history_days()
        {
            using var temp = new TempDir();
            foreach (var name in ClaudeFixtures)
                ImportTestSupport.CopyInto(Path.Combine(ImportTestSupport.FixturesRoot(), "claude-code", name), temp.Combine("claude", "projects", "p"));
            using var store = DefaultStore(temp);
            Assert.Equal(21, TelemetryImporter.Import(ImportSource.ClaudeCode, store, ImportTestSupport.Options(temp.Combine("claude"))).Added);
            var before = ByModel(store);

            // A backup of the same logs under another path, and the logs as Claude Code left them after deleting the
            // start of one: every call in them is one the history days already hold.
            foreach (var name in ClaudeFixtures)
                ImportTestSupport.CopyInto(Path.Combine(ImportTestSupport.FixturesRoot(), "claude-code", name), temp.Combine("backup", "projects", "q"));
            var cut = temp.Combine("claude", "projects", "p", ClaudeFixtures[1]);
            var lines = File.ReadAllLines(cut);
            File.WriteAllLines(cut, lines.Skip(lines.Length / 2));

            Assert.Equal(0, TelemetryImporter.Import(ImportSource.ClaudeCode, store, ImportTestSupport.Options(temp.Combine("backup"))).Added);
            Assert.Equal(0, TelemetryImporter.Import(ImportSource.ClaudeCode, store, ImportTestSupport.Options(temp.Combine("claude"))).Added);
            Assert.Equal(before, ByModel(store));
        }

        private static Dictionary<string, ModelTotals> ByModel(TelemetryStore store)
            => CostReporter.Run(store, new RecordQuery { Zone = TimeZoneInfo.Utc }, new[] { GroupKey.Model }).Rows.ToDictionary(
                r => r.KeyText, r => new ModelTotals(r.InputTokens, r.OutputTokens, r.CacheCreationInputTokens, r.CacheReadInputTokens, r.ReasoningTokens, 0));

        private static Dictionary<string, ModelTotals> Expected()
            => StoreImportTests.Sum(ClaudeFixtures.Select(n => "claude-code/" + n).Concat(CodexFixtures.Select(n => "codex/" + n)))
                .ToDictionary(p => p.Key, p => p.Value with { Calls = 0 });
    }
}
