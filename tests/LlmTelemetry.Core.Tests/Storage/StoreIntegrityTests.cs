using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using LlmTelemetry.Importers;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;
using LlmTelemetry.Tests.Importers;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Tests.Storage
{
    /// <summary>
    /// What a stored record is and how often it counts: a line that parses as a record, once per id and UTC day
    /// (the first copy wins), for every reader, summary and import alike.
    /// </summary>
    public sealed class StoreIntegrityTests
    {
        [Fact]
        public void Two_writers_that_both_found_an_id_missing_store_it_once()
        {
            using var t = new TempStore();
            using var other = t.Reopen(); // another process: its own index, the same files and lock
            var records = Enumerable.Range(0, 5).Select(i => TempStore.Call(t.Now.AddDays(-1).AddMinutes(i))).ToList();
            // Both imports checked before either wrote, as two imports started together do.
            Assert.All(records, r => Assert.False(t.Store.ContainsId(r.Id, r.Timestamp)));
            Assert.All(records, r => Assert.False(other.ContainsId(r.Id, r.Timestamp)));

            Assert.Equal(5, t.Store.AppendBatch(records));
            Assert.Equal(0, other.AppendBatch(records));
            Assert.Equal(1, other.AppendBatch(records.Take(2).Append(TempStore.Call(t.Now.AddDays(-1))).ToList()));

            Assert.Equal(6, t.Store.Query().Count());
            Assert.Equal(6, File.ReadAllLines(new DayPartition(t.StoreRoot, t.Now.AddDays(-1).UtcDateTime).DataPath).Length);
        }

        [Fact]
        public void A_batch_repeating_an_id_stores_it_once()
        {
            using var t = new TempStore();
            var r = TempStore.Call(t.Now.AddDays(-1));
            Assert.Equal(1, t.Store.AppendBatch(new[] { r, r, r }));
            Assert.Single(t.Store.Query());
        }

        [Fact]
        public void An_import_that_loses_the_race_for_an_id_reports_it_as_a_duplicate()
        {
            using var temp = new TempDir();
            var at = DateTimeOffset.UtcNow.AddDays(-1);
            var source = Enumerable.Range(0, 4).Select(i => new TelemetryRecordBuilder().Id("race-" + i).At(at.AddMinutes(i))
                .Model("claude-sonnet-4-5").Provider("anthropic").Tokens(input: 10, output: 1).Build()).ToList();
            StoreFiles.Write(temp.Combine("source"), source);
            using var winner = new TelemetryStore(new LlmTelemetry.Configuration.StoreOptions { Root = temp.Combine("store"), AutoMaintenance = false });
            using var loser = new TelemetryStore(new LlmTelemetry.Configuration.StoreOptions { Root = temp.Combine("store"), AutoMaintenance = false });
            // The other import writes three of the four between this import's check and its write.
            var target = new WriteFirst(new StoreImportTarget(loser), () => winner.AppendBatch(source.Take(3).ToList()));

            var result = TelemetryImporter.Import(ImportSource.Jsonl, target, ImportTestSupport.Options(temp.Combine("source")));

            Assert.Equal(1, result.Added);
            Assert.Equal(3, result.Duplicates);
            Assert.Equal(4, winner.Query().Count());
        }

        [Fact]
        public void A_line_written_twice_counts_once_in_every_reader_and_summary()
        {
            using var t = new TempStore();
            var day = t.Now.AddDays(-2);
            var a = TempStore.Call(day.AddHours(1), input: 100, agent: "first-agent");
            var b = TempStore.Call(day.AddHours(2), input: 200, agent: "first-agent");
            var bLater = TempStore.Call(day.AddHours(2), input: 999, agent: "later-copy") with { Id = b.Id };
            var c = TempStore.Call(day.AddHours(3), input: 300, model: "gpt-4o-mini", agent: "first-agent");
            WriteDay(t.StoreRoot, day, Line(a), Line(b), Line(a), Line(bLater), Line(c).Substring(0, 40), Line(c), Line(a));

            var diagnostics = new ReadDiagnostics(collectDetails: true);
            var records = t.Store.Query(diagnostics: diagnostics).ToList();
            Assert.Equal(new[] { a.Id, b.Id, c.Id }, records.Select(r => r.Id));
            Assert.Equal(200, records[1].Tokens.Input); // the first copy of an id is the record
            Assert.True(diagnostics.SkippedLines == 1, string.Join("; ", diagnostics.Details.Select(d => d.Line + ": " + d.Problem)));
            Assert.Equal(3, diagnostics.DuplicateLines);

            // A search that only the dropped copy matches finds nothing; one the kept copy matches finds it once.
            Assert.Empty(t.Store.Query(new RecordQuery { Filter = new RecordFilter { Search = "later-copy" } }));
            Assert.Single(t.Store.Query(new RecordQuery { Filter = new RecordFilter { Search = "\"input\":200" } }));
            Assert.Equal(3, t.Store.Query(new RecordQuery { Filter = new RecordFilter { Search = "first-agent" } }).Count());
            Assert.Single(t.Store.Query(new RecordQuery { Filter = new RecordFilter { Models = new[] { "gpt*" } } }));

            var summary = t.Store.Summaries.GetDay(new DayPartition(t.StoreRoot, day.UtcDateTime));
            Assert.Equal(3, summary.Totals.Calls);
            Assert.Equal(600, summary.Totals.InputTokens);
            Assert.Equal(1, summary.SkippedLines);
            Assert.DoesNotContain("later-copy", NameCatalog.Values(t.Store, GroupKey.Agent));

            var range = DateRange.LastDays(7, TimeZoneInfo.Utc, t.Now);
            foreach (bool summaries in new[] { true, false })
            {
                var costs = CostReporter.Run(t.Store, new RecordQuery { Range = range, Zone = TimeZoneInfo.Utc, UseSummaries = summaries }, new[] { GroupKey.Agent });
                Assert.Equal(3, costs.Total.Calls);
                Assert.Equal(600, costs.Total.InputTokens);
                Assert.Equal(1, costs.SkippedLines);
                Assert.Equal(new[] { "first-agent" }, costs.Rows.Select(row => row.Key[0].Value));
            }
            var stats = UsageStatsCalculator.Run(t.Store, new RecordQuery { Range = range, Zone = TimeZoneInfo.Utc });
            Assert.Equal(3, stats.Calls);
            Assert.Equal(1, stats.SkippedLines);
        }

        [Fact]
        public void Summaries_count_the_skipped_lines_of_the_days_they_are_built_from()
        {
            using var t = new TempStore();
            var closed = t.Now.AddDays(-3);
            WriteDay(t.StoreRoot, closed, Line(TempStore.Call(closed)), "{\"v\":1,\"id\":\"torn");
            WriteDay(t.StoreRoot, t.Now, Line(TempStore.Call(t.Now.AddHours(-1))), "not json");
            var range = DateRange.LastDays(7, TimeZoneInfo.Utc, t.Now);

            var stats = UsageStatsCalculator.Run(t.Store, new RecordQuery { Range = range, Zone = TimeZoneInfo.Utc });
            Assert.Equal(2, stats.SkippedLines);
            foreach (var by in new[] { Array.Empty<GroupKey>(), new[] { GroupKey.Model }, new[] { GroupKey.Agent }, new[] { GroupKey.Day } })
            {
                var fresh = t.Reopen(); // no warm cache: the summaries are built now
                Assert.Equal(2, CostReporter.Run(fresh, new RecordQuery { Range = range, Zone = TimeZoneInfo.Utc }, by).SkippedLines);
                // And again from the summary file written for the closed day.
                Assert.Equal(2, CostReporter.Run(t.Reopen(), new RecordQuery { Range = range, Zone = TimeZoneInfo.Utc }, by).SkippedLines);
            }
            Assert.Equal(2, t.Reopen().Summaries.GetRoot().SkippedLines);
        }

        [Fact]
        public void A_record_torn_by_a_crash_is_not_stored_and_importing_again_brings_it_back()
        {
            using var t = new TempStore();
            using var temp = new TempDir();
            var at = t.Now.AddDays(-2);
            var source = Enumerable.Range(0, 6).Select(i => new TelemetryRecordBuilder().Id("call-" + i).At(at.AddMinutes(i))
                .Model("claude-sonnet-4-5").Provider("anthropic").Tokens(input: 10 + i, output: 1).Build()).ToList();
            StoreFiles.Write(temp.Combine("source"), source);
            var options = ImportTestSupport.Options(temp.Combine("source"));
            Assert.Equal(6, TelemetryImporter.Import(ImportSource.Jsonl, t.Store, options).Added);

            // A crash (or a full disk) cut the last record in the middle of its line.
            var file = new DayPartition(t.StoreRoot, at.UtcDateTime).DataPath;
            var bytes = File.ReadAllBytes(file);
            File.WriteAllBytes(file, bytes.AsSpan(0, bytes.Length - 30).ToArray());

            var reopened = t.Reopen(); // a new process: the day index is read from the files
            Assert.False(reopened.ContainsId("call-5", source[5].Timestamp));
            Assert.True(reopened.ContainsId("call-4", source[4].Timestamp));
            var again = ImportTestSupport.Options(temp.Combine("source"));
            again = again with { IgnoreCheckpoints = true };
            var result = TelemetryImporter.Import(ImportSource.Jsonl, reopened, again);

            Assert.Equal(1, result.Added);
            Assert.Equal(5, result.Duplicates);
            var diagnostics = new ReadDiagnostics();
            Assert.Equal(source.Select(r => r.Id), t.Reopen().Query(diagnostics: diagnostics).Select(r => r.Id));
            Assert.Equal(1, diagnostics.SkippedLines); // the torn copy stays, reported
        }

        [Fact]
        public void A_torn_tail_another_writer_left_is_indexed_once_it_parses_and_never_before()
        {
            using var t = new TempStore();
            var day = t.Now.AddDays(-1);
            var first = TempStore.Call(day);
            Assert.Equal(1, t.Store.AppendBatch(new[] { first }));
            var late = TempStore.Call(day.AddMinutes(1));
            var line = RecordSerializer.ToLine(late);
            var file = new DayPartition(t.StoreRoot, day.UtcDateTime).DataPath;
            using (var stream = new FileStream(file, FileMode.Append)) stream.Write(line, 0, 50); // another process mid-write
            Assert.False(t.Store.ContainsId(late.Id, late.Timestamp));
            using (var stream = new FileStream(file, FileMode.Append)) stream.Write(line, 50, line.Length - 50);
            Assert.True(t.Store.ContainsId(late.Id, late.Timestamp));
            Assert.Equal(0, t.Store.AppendBatch(new[] { late, first }));
            Assert.Equal(2, t.Store.Query().Count());
        }

        internal static string Line(TelemetryRecord r) => RecordSerializer.ToJson(r);

        internal static void WriteDay(string root, DateTimeOffset day, params string[] lines)
        {
            var partition = new DayPartition(root, day.UtcDateTime);
            Directory.CreateDirectory(partition.Folder);
            File.WriteAllText(partition.DataPath, string.Join("\n", lines) + "\n", new UTF8Encoding(false));
        }

        /// <summary>Lets something else write just before the wrapped target's first batch: the other side of a race.</summary>
        private sealed class WriteFirst : IImportTarget
        {
            private readonly IImportTarget _inner;
            private Action? _before;

            public WriteFirst(IImportTarget inner, Action before)
            {
                _inner = inner;
                _before = before;
            }

            public string StateDirectory => _inner.StateDirectory;

            public bool ContainsId(string id, DateTimeOffset timestamp) => _inner.ContainsId(id, timestamp);

            public BatchWrite AppendBatch(IReadOnlyList<TelemetryRecord> records)
            {
                var before = _before;
                _before = null;
                before?.Invoke();
                return _inner.AppendBatch(records);
            }
        }
    }
}
