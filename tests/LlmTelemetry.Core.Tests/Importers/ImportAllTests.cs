using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using LlmTelemetry.Configuration;
using LlmTelemetry.Importers;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;
using LlmTelemetry.Tests.Storage;
using Xunit;

namespace LlmTelemetry.Tests.Importers
{
    /// <summary>
    /// Importing every source found on a machine, over a home folder laid out as Claude Code, Codex CLI and Gemini CLI
    /// leave it, into a real store. Changes HOME, CLAUDE_CONFIG_DIR, CODEX_HOME and GEMINI_DATA_DIR.
    /// </summary>
    [Collection(EnvironmentCollection.Name)]
    public sealed class ImportAllTests : IDisposable
    {
        private const string ClaudeLog = "spotter-short.jsonl";
        private const string CodexLog = "localpush-rollout-2026-02-23T13-19-38-019c8a70-dda7-7f33-98ea-f30553347322.jsonl";
        private static readonly string[] Variables = { "HOME", "CLAUDE_CONFIG_DIR", "CODEX_HOME", "GEMINI_DATA_DIR" };

        private readonly TempDir _temp = new TempDir();
        private readonly Dictionary<string, string?> _saved = Variables.ToDictionary(v => v, Environment.GetEnvironmentVariable);

        public ImportAllTests()
        {
            Environment.SetEnvironmentVariable("HOME", Home);
            foreach (var v in Variables.Skip(1)) Environment.SetEnvironmentVariable(v, null);
        }

        private string Home => _temp.Combine("home");

        public void Dispose()
        {
            foreach (var pair in _saved) Environment.SetEnvironmentVariable(pair.Key, pair.Value);
            _temp.Dispose();
        }

        private TelemetryStore Store() => new TelemetryStore(new StoreOptions
        {
            Root = _temp.Combine("store"),
            AutoMaintenance = false,
            StorageEnabled = true,
            RetentionDays = 100000,
            Environment = new Dictionary<string, string?>(),
            ConfigFile = _temp.Combine("config", "config.json"),
        });

        private static ImportOptions Options => ImportTestSupport.Options("unused") with { Path = null };

        private void AddClaude() => ImportTestSupport.CopyInto(Path.Combine(ImportTestSupport.FixturesRoot(), "claude-code", ClaudeLog), Path.Combine(Home, ".claude", "projects", "-home-ann-proj"));

        private void AddCodex() => ImportTestSupport.CopyInto(Path.Combine(ImportTestSupport.FixturesRoot(), "codex", CodexLog),
            Path.Combine(Home, ".codex", "sessions", "2026", "02", "23"), CodexLog.Substring("localpush-".Length));

        private void AddGemini()
        {
            var chat = GeminiCliImporterTests.ChatPath(Path.Combine(Home, ".gemini"), GeminiCliImporterTests.ImageSession);
            ImportTestSupport.CopyInto(GeminiCliImporterTests.Fixture(GeminiCliImporterTests.ImageSession), Path.GetDirectoryName(chat)!, Path.GetFileName(chat));
        }

        [Fact]
        public void Every_source_found_in_the_home_folder_is_imported_once_each_with_its_own_checkpoints()
        {
            AddClaude();
            AddCodex();
            AddGemini();
            using var store = Store();

            var first = TelemetryImporter.ImportAll(store, Options);
            var again = TelemetryImporter.ImportAll(store, Options);

            Assert.Equal(new[] { "claude-code", "codex", "gemini" }, first.Sources.Select(s => s.Source));
            Assert.Empty(first.NotFound);
            Assert.Equal(new[] { 1L, 1L, 11L }, first.Sources.Select(s => s.Added));
            Assert.Equal((13L, 0L), (first.Added, first.Malformed));
            Assert.Equal(first.Sources.Sum(s => s.Duplicates), first.Duplicates);
            Assert.Equal(new[] { 0L, 0L, 0L }, again.Sources.Select(s => s.Added));
            Assert.Equal(new[] { 1, 1, 1 }, again.Sources.Select(s => s.FilesSkippedUnchanged));
            foreach (var name in new[] { "claude-code", "codex", "gemini" })
                Assert.True(File.Exists(Path.Combine(store.Root, StoreImportTarget.StateFolderName, "import-" + name + ".json")), name + " keeps its own checkpoint");

            var expected = StoreImportTests.Sum(new[] { "claude-code/" + ClaudeLog, "codex/" + CodexLog, "gemini/" + GeminiCliImporterTests.ImageSession });
            var records = store.Query().ToList();
            Assert.Equal(13, records.Count);
            var actual = ImportTestSupport.ByModel(records);
            Assert.Equal(expected.Keys.OrderBy(k => k), actual.Keys.OrderBy(k => k));
            foreach (var pair in expected)
                Assert.Equal(pair.Value with { Reasoning = 0 }, actual[pair.Key] with { Calls = 0, Reasoning = 0 });
            Assert.Equal(expected["gemini-3-pro-image-preview"].Reasoning, actual["gemini-3-pro-image-preview"].Reasoning);
        }

        [Fact]
        public void A_source_whose_folders_do_not_exist_is_skipped_and_named_with_the_folders_looked_for()
        {
            AddCodex();
            using var store = Store();

            var result = TelemetryImporter.ImportAll(store, Options with { DryRun = true });

            var codex = Assert.Single(result.Sources);
            Assert.Equal(("codex", 1L, true), (codex.Source, codex.Added, codex.DryRun));
            Assert.Equal(new[] { "claude-code", "gemini" }, result.NotFound.Select(n => n.Source));
            Assert.Equal(new[] { Path.Combine(Home, ".config", "claude", "projects"), Path.Combine(Home, ".claude", "projects") }, result.NotFound[0].Locations);
            Assert.Equal(new[] { Path.Combine(Home, ".gemini", "tmp") }, result.NotFound[1].Locations);
            Assert.Empty(store.Query());
        }

        [Fact]
        public void The_tools_own_variables_move_their_folders()
        {
            var elsewhere = _temp.Combine("elsewhere");
            Environment.SetEnvironmentVariable("CODEX_HOME", Path.Combine(elsewhere, "codex"));
            Environment.SetEnvironmentVariable("GEMINI_DATA_DIR", Path.Combine(elsewhere, "gemini"));
            AddCodex();
            AddGemini();
            using var store = Store();

            var result = TelemetryImporter.ImportAll(store, Options);

            Assert.Equal(new[] { "claude-code", "codex", "gemini" }, result.NotFound.Select(n => n.Source));
            Assert.Empty(result.Sources);
        }

        [Fact]
        public void A_path_without_a_source_is_refused_naming_the_path()
        {
            using var store = Store();
            var ex = Assert.Throws<TelemetryValidationException>(() => TelemetryImporter.ImportAll(store, Options with { Path = Home }));
            Assert.Equal("path", ex.Field);
            Assert.Contains("needs a source", ex.Message);
        }
    }
}
