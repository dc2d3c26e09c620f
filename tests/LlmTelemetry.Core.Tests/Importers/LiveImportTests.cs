using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using LlmTelemetry.Configuration;
using LlmTelemetry.Importers;
using LlmTelemetry.Queries;
using LlmTelemetry.Storage;
using Xunit;

namespace LlmTelemetry.Tests.Importers
{
    /// <summary>
    /// Imports of logs that are being written: every whole line is imported at once, and a call a later line enlarges
    /// is corrected in the store, so after every import the store holds what ccusage reports for the lines so far.
    /// </summary>
    public sealed class LiveImportTests
    {
        private static string Fixture(string name) => Path.Combine(ImportTestSupport.FixturesRoot(), "claude-code", name);

        private static TelemetryStore Store(string root)
            => new TelemetryStore(new StoreOptions { Root = root, AutoMaintenance = false, StorageEnabled = true, RetentionDays = 100000 });

        /// <summary>
        /// Writes real sessions line by line (streaming snapshots and their later complete lines, one line per content
        /// block, subagents' progress lines, a Bedrock session without requestIds) and imports after every write, with
        /// the log's mtime "now". After each import, the store's per-day, per-model tokens and calls equal ccusage's rule
        /// applied to the lines written so far (worked out here independently of the importer).
        /// </summary>
        [Theory]
        [InlineData("spotter-subagent-progress.jsonl", 1)]
        [InlineData("codemie-session-3fe1b6bc-bedrock-no-requestId.jsonl", 1)]
        [InlineData("spotter-ae4a77f8-opus-haiku-progress.jsonl", 9)]
        public void A_session_imported_after_every_write_always_matches_ccusage_on_the_lines_so_far(string name, int linesPerWrite)
        {
            using var temp = new TempDir();
            var lines = File.ReadAllLines(Fixture(name));
            var log = Path.Combine(temp.Combine("claude", "projects", "-home-user-proj"), name);
            Directory.CreateDirectory(Path.GetDirectoryName(log)!);
            File.WriteAllText(log, "");
            var options = ImportTestSupport.Options(temp.Combine("claude")) with { SettleTime = TimeSpan.FromHours(1) };
            long corrected = 0;
            using var store = Store(temp.Combine("store"));

            for (int written = 0; written < lines.Length;)
            {
                int next = Math.Min(lines.Length, written + linesPerWrite);
                ImportTestSupport.AppendText(log, string.Concat(lines.Skip(written).Take(next - written).Select(l => l + "\n")));
                written = next;
                ImportTestSupport.Touch(log, DateTime.UtcNow.AddSeconds(written)); // a new mtime for every write
                var result = TelemetryImporter.Import(ImportSource.ClaudeCode, store, options);
                Assert.Equal(0, result.Malformed);
                corrected += result.Corrected;

                var expected = CcusageRule(lines.Take(written));
                var actual = PerDayAndModel(store.Query());
                Assert.True(Describe(expected) == Describe(actual), $"after {written} lines:\nexpected {Describe(expected)}\nactual   {Describe(actual)}");
            }
            Assert.True(corrected > 0, "no import found a call grown since the last one");

            // The whole file at once gives the same store, and expected-totals.json's figures.
            var final = PerDayAndModel(store.Query());
            using (var once = Store(temp.Combine("once")))
            {
                TelemetryImporter.Import(ImportSource.ClaudeCode, once, options);
                Assert.Equal(Describe(final), Describe(PerDayAndModel(once.Query())));
            }
            var totals = ExpectedTotals.For("claude-code/" + name);
            foreach (var pair in totals)
            {
                var sum = final.Where(d => d.Key.Model == pair.Key).Select(d => d.Value).Aggregate((a, b) => a.Plus(b));
                Assert.Equal(pair.Value with { Reasoning = 0, Calls = 0 }, sum with { Calls = 0 });
            }

            // Reports from records, from day summaries, and from history rollups once the days are archived agree.
            var query = new RecordQuery { Range = DateRange.Between(new DateTime(2025, 1, 1), new DateTime(2026, 12, 31), TimeZoneInfo.Utc, DateTimeOffset.UtcNow), Zone = TimeZoneInfo.Utc };
            var by = new[] { GroupKey.Day, GroupKey.Model };
            var scan = Rows(CostReporter.Run(store, query with { UseSummaries = false }, by));
            Assert.Equal(scan, Rows(CostReporter.Run(store, query, by)));
            store.Maintenance.Run(new MaintenanceOptions { RetentionDays = 30 });
            Assert.Empty(store.Days());
            Assert.Equal(scan, Rows(CostReporter.Run(store, query, by)));
        }

        /// <summary>An import from a scheduled task or a status line usually finds nothing new: it writes nothing, checkpoints included.</summary>
        [Fact]
        public void An_import_that_finds_nothing_new_writes_nothing()
        {
            using var temp = new TempDir();
            var log = ImportTestSupport.CopyInto(Fixture("spotter-short.jsonl"), temp.Combine("claude", "projects", "p"));
            using var store = Store(temp.Combine("store"));
            var options = ImportTestSupport.Options(temp.Combine("claude"));
            Assert.True(TelemetryImporter.Import(ImportSource.ClaudeCode, store, options).Added > 0);
            var state = Directory.GetFiles(Path.Combine(store.Root, StoreImportTarget.StateFolderName)).Single();
            var written = File.GetLastWriteTimeUtc(state);
            File.SetLastWriteTimeUtc(state, written.AddHours(-1)); // an mtime no write made now can have

            var again = TelemetryImporter.Import(ImportSource.ClaudeCode, store, options);

            Assert.Equal((0L, 1), (again.Added, again.FilesSkippedUnchanged));
            Assert.Equal(written.AddHours(-1), File.GetLastWriteTimeUtc(state));
            ImportTestSupport.AppendText(log, File.ReadAllLines(Fixture("spotter-short.jsonl")).Last() + "\n");
            ImportTestSupport.Touch(log);
            TelemetryImporter.Import(ImportSource.ClaudeCode, store, options);
            Assert.NotEqual(written.AddHours(-1), File.GetLastWriteTimeUtc(state)); // a grown log moves its checkpoint
        }

        [Fact]
        public void The_Bedrock_session_gives_one_call_per_message_with_its_largest_usage()
        {
            using var temp = new TempDir();
            ImportTestSupport.CopyInto(Fixture("codemie-session-3fe1b6bc-bedrock-no-requestId.jsonl"), temp.Combine("claude", "projects", "p"));
            var target = new DayIndexedTarget(temp.Combine("store"));

            var result = TelemetryImporter.Import(ImportSource.ClaudeCode, target, ImportTestSupport.Options(temp.Combine("claude")));

            var row = ExpectedTotals.Row("claude-code/codemie-session-3fe1b6bc-bedrock-no-requestId.jsonl", "claude-sonnet-4-5-20250929");
            var actual = ImportTestSupport.ByModel(target.ReadAll());
            Assert.Equal(row, Assert.Single(actual).Value with { Reasoning = 0 });
            Assert.Equal(172 - 67, result.Duplicates);
            Assert.All(target.ReadAll(), r => Assert.Equal("2026-01-02", r.Timestamp.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));
        }

        /// <summary>Every Claude Code and Codex fixture expected-totals.json lists, per model (and calls where it gives them).</summary>
        [Fact]
        public void Every_Claude_Code_and_Codex_fixture_matches_expected_totals()
        {
            int checkedFiles = 0;
            foreach (var fixture in ExpectedTotals.Fixtures())
            {
                var source = fixture.StartsWith("claude-code/", StringComparison.Ordinal) ? ImportSource.ClaudeCode
                    : fixture.StartsWith("codex/", StringComparison.Ordinal) ? ImportSource.Codex : (ImportSource?)null;
                if (source is null) continue;
                var file = Path.Combine(ImportTestSupport.FixturesRoot(), fixture);
                Assert.True(File.Exists(file), "expected-totals.json names a fixture that is missing: " + file);
                using var temp = new TempDir();
                var folder = source == ImportSource.ClaudeCode ? temp.Combine("logs", "projects", "p") : temp.Combine("logs", "sessions");
                var name = Path.GetFileName(file);
                ImportTestSupport.CopyInto(file, folder, source == ImportSource.Codex && !name.StartsWith("rollout-", StringComparison.Ordinal) ? "rollout-" + name : name);
                var target = new DayIndexedTarget(temp.Combine("store"));

                var result = TelemetryImporter.Import(source.Value, target, ImportTestSupport.Options(temp.Combine("logs")));

                Assert.True(result.Malformed == 0, fixture + ": " + string.Join("; ", result.MalformedLines.Select(m => m.Line + " " + m.Problem)));
                var actual = ImportTestSupport.ByModel(target.ReadAll());
                var models = ExpectedTotals.For(fixture).Keys;
                Assert.Equal(models.OrderBy(m => m), actual.Keys.OrderBy(k => k));
                foreach (var model in models)
                {
                    var row = ExpectedTotals.Row(fixture, model);
                    var got = actual[model];
                    Assert.True(row with { Calls = row.Calls == 0 ? got.Calls : row.Calls } == got, $"{fixture} {model}: expected {row}, got {got}");
                }
                Assert.Equal(ExpectedTotals.Days(fixture), target.ReadAll().Select(r => r.Timestamp.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Distinct().OrderBy(d => d));
                checkedFiles++;
            }
            Assert.True(checkedFiles >= 11, checkedFiles + " fixtures checked");
        }

        [Fact]
        public void Cache_writes_given_only_as_their_lifetime_split_are_their_sum()
        {
            using var temp = new TempDir();
            var log = Path.Combine(temp.Combine("claude", "projects", "p"), "s.jsonl");
            Directory.CreateDirectory(Path.GetDirectoryName(log)!);
            File.WriteAllText(log,
                Line("msg_split", "req_1", "\"input_tokens\":10,\"output_tokens\":5,\"cache_read_input_tokens\":7,\"cache_creation\":{\"ephemeral_5m_input_tokens\":300,\"ephemeral_1h_input_tokens\":1200}") +
                Line("msg_total", "req_2", "\"input_tokens\":10,\"output_tokens\":5,\"cache_creation_input_tokens\":40,\"cache_creation\":{\"ephemeral_5m_input_tokens\":30,\"ephemeral_1h_input_tokens\":10}") +
                Line("msg_none", "req_3", "\"input_tokens\":10,\"output_tokens\":5"));
            var target = new DayIndexedTarget(temp.Combine("store"));

            TelemetryImporter.Import(ImportSource.ClaudeCode, target, ImportTestSupport.Options(temp.Combine("claude")));

            var records = target.ReadAll().OrderBy(r => r.Timestamp).ToList();
            Assert.Equal(new long[] { 1500, 40, 0 }, records.Select(r => r.Tokens.CacheCreationInput));
            Assert.Equal(new long[] { 1200, 10, 0 }, records.Select(r => r.Tokens.CacheCreation1hInput));
            Assert.Equal(1500 + 10 + 5 + 7, records[0].Tokens.Total);
        }

        private static int _minute;

        private static string Line(string id, string request, string usage)
            => "{\"type\":\"assistant\",\"timestamp\":\"2026-03-01T10:" + (_minute++ % 60).ToString("00", CultureInfo.InvariantCulture) + ":00Z\",\"requestId\":\"" + request
               + "\",\"sessionId\":\"s\",\"message\":{\"id\":\"" + id + "\",\"model\":\"claude-sonnet-4-5\",\"usage\":{" + usage + "}}}\n";

        private static Dictionary<(string Day, string Model), ModelTotals> PerDayAndModel(IEnumerable<LlmTelemetry.Records.TelemetryRecord> records)
            => records.GroupBy(r => (r.Timestamp.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), r.Model!))
                .ToDictionary(g => g.Key, g => new ModelTotals(g.Sum(r => r.Tokens.Input), g.Sum(r => r.Tokens.Output),
                    g.Sum(r => r.Tokens.CacheCreationInput), g.Sum(r => r.Tokens.CacheReadInput), 0, g.LongCount()));

        private static string Describe(Dictionary<(string Day, string Model), ModelTotals> totals)
            => string.Join(" | ", totals.OrderBy(p => p.Key.Day, StringComparer.Ordinal).ThenBy(p => p.Key.Model, StringComparer.Ordinal)
                .Select(p => $"{p.Key.Day} {p.Key.Model} {p.Value.Input}/{p.Value.Output}/{p.Value.CacheCreation}/{p.Value.CacheRead} x{p.Value.Calls}"));

        private static List<string> Rows(CostReport report)
            => report.Rows.Append(report.Total).Select(r => string.Join(" ", r.KeyText, r.Calls, r.InputTokens, r.OutputTokens,
                r.CacheCreationInputTokens, r.CacheReadInputTokens, Math.Round(r.CostUsd, 9).ToString("R", CultureInfo.InvariantCulture))).ToList();

        /// <summary>
        /// ccusage 20.0.24's rule, on its own: every line with message.usage (input_tokens and output_tokens numbers),
        /// and every agent_progress line's data.message.message.usage (a subagent's call), except "&lt;synthetic&gt;";
        /// one call per message.id + requestId keeping the largest token total (ties: the first), day by the kept
        /// line's UTC timestamp. Where ccusage counts a line without a requestId on its own, issue 15 makes it one
        /// call per message.id (Bedrock), and that is applied here too.
        /// </summary>
        private static Dictionary<(string Day, string Model), ModelTotals> CcusageRule(IEnumerable<string> lines)
        {
            var best = new Dictionary<string, (long Total, string Day, string Model, ModelTotals Tokens)>(StringComparer.Ordinal);
            int unkeyed = 0;
            foreach (var text in lines)
            {
                if (string.IsNullOrWhiteSpace(text)) continue;
                using var doc = JsonDocument.Parse(text);
                var line = doc.RootElement;
                JsonElement message = default, timestamp = default;
                string? requestId = null;
                if (line.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.Object && m.TryGetProperty("usage", out _))
                {
                    message = m;
                    line.TryGetProperty("timestamp", out timestamp);
                    requestId = line.TryGetProperty("requestId", out var r) ? r.GetString() : null;
                }
                else if (line.TryGetProperty("type", out var type) && type.GetString() == "progress" && line.TryGetProperty("data", out var data)
                         && data.ValueKind == JsonValueKind.Object && data.TryGetProperty("type", out var dataType) && dataType.GetString() == "agent_progress"
                         && data.TryGetProperty("message", out var envelope) && envelope.ValueKind == JsonValueKind.Object
                         && envelope.TryGetProperty("message", out var inner) && inner.ValueKind == JsonValueKind.Object && inner.TryGetProperty("usage", out _))
                {
                    message = inner;
                    envelope.TryGetProperty("timestamp", out timestamp);
                    requestId = envelope.TryGetProperty("requestId", out var r) ? r.GetString() : null;
                }
                else continue;
                var usage = message.GetProperty("usage");
                if (usage.ValueKind != JsonValueKind.Object || !usage.TryGetProperty("input_tokens", out var inTok) || !usage.TryGetProperty("output_tokens", out var outTok)) continue;
                var model = message.TryGetProperty("model", out var mo) ? mo.GetString() ?? "unknown" : "unknown";
                if (model == "<synthetic>") continue;
                long Count(string name) => usage.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : 0;
                long cacheWrite = Count("cache_creation_input_tokens");
                var tokens = new ModelTotals(inTok.GetInt64(), outTok.GetInt64(), cacheWrite, Count("cache_read_input_tokens"), 0, 1);
                long total = tokens.Input + tokens.Output + tokens.CacheCreation + tokens.CacheRead;
                var day = DateTimeOffset.Parse(timestamp.GetString()!, CultureInfo.InvariantCulture).UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
                var id = message.TryGetProperty("id", out var idElement) ? idElement.GetString() : null;
                string key = id is null ? "line:" + unkeyed++ : id + "\u001f" + (requestId ?? "");
                if (!best.TryGetValue(key, out var known) || total > known.Total) best[key] = (total, day, model, tokens);
            }
            return best.Values.GroupBy(v => (v.Day, v.Model)).ToDictionary(g => g.Key, g => g.Select(v => v.Tokens).Aggregate((a, b) => a.Plus(b)));
        }
    }
}
