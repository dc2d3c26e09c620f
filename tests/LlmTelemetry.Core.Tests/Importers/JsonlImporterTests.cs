using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using LlmTelemetry.Importers;
using LlmTelemetry.Records;
using Xunit;

namespace LlmTelemetry.Tests.Importers
{
    public sealed class JsonlImporterTests
    {
        private static TelemetryRecord Call(string id, DateTimeOffset at, string host, string? source = "invoke-llmchat", double? cost = 0.01)
            => new TelemetryRecordBuilder().Id(id).At(at).Provider("anthropic").Model("claude-sonnet-4-5")
                .Tokens(input: 100, output: 20, cacheReadInput: 5).Cost(cost).Host(host).Source(source).Build();

        private static readonly DateTimeOffset Day1 = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);

        [Fact]
        public void Two_machines_stores_merge_to_their_union_keeping_each_host()
        {
            using var temp = new TempDir();
            var a = Enumerable.Range(0, 30).Select(i => Call("a-" + i, Day1.AddHours(i * 2), "machine-a")).ToList();
            var b = Enumerable.Range(0, 30).Select(i => Call("b-" + i, Day1.AddHours(i * 2 + 1), "machine-b")).ToList();
            // Both machines already hold a few of each other's records (an earlier merge).
            var shared = a.Take(5).Concat(b.Take(5)).ToList();
            StoreFiles.Write(temp.Combine("store-a"), a.Concat(b.Take(5)));
            StoreFiles.Write(temp.Combine("store-b"), b.Concat(a.Take(5)));
            var target = new DayIndexedTarget(temp.Combine("merged"));

            var fromA = TelemetryImporter.Import(ImportSource.Jsonl, target, ImportTestSupport.Options(temp.Combine("store-a")));
            var fromB = TelemetryImporter.Import(ImportSource.Jsonl, target, ImportTestSupport.Options(temp.Combine("store-b")));
            var again = TelemetryImporter.Import(ImportSource.Jsonl, target, new ImportOptions { Path = temp.Combine("store-b"), IgnoreCheckpoints = true });

            var merged = target.ReadAll();
            Assert.Equal(60, merged.Count);
            Assert.Equal(merged.Count, merged.Select(r => r.Id).Distinct().Count());
            Assert.Equal(35, fromA.Added);
            Assert.Equal(25, fromB.Added);
            Assert.Equal(10, fromB.Duplicates);
            Assert.Equal(0, again.Added);
            Assert.All(merged, r => Assert.Equal(r.Id.StartsWith("a-", StringComparison.Ordinal) ? "machine-a" : "machine-b", r.Metadata.Host));
            Assert.All(merged, r => Assert.Equal("invoke-llmchat", r.Metadata.Source));
            Assert.Equal(a.Concat(b).OrderBy(r => r.Id).Select(r => r.Tokens), merged.OrderBy(r => r.Id).Select(r => r.Tokens));
            Assert.Equal(a.Concat(b).OrderBy(r => r.Id).Select(r => r.CostUsd), merged.OrderBy(r => r.Id).Select(r => r.CostUsd));
            Assert.True(shared.All(s => merged.Count(m => m.Id == s.Id) == 1));
        }

        [Fact]
        public void Compressed_days_and_an_export_file_import_and_records_without_source_get_jsonl()
        {
            using var temp = new TempDir();
            var store = temp.Combine("store");
            var old = Enumerable.Range(0, 10).Select(i => Call("old-" + i, Day1.AddMinutes(i), "m", source: null)).ToList();
            Directory.CreateDirectory(Path.Combine(store, "2026-11-20"));
            using (var file = File.Create(Path.Combine(store, "2026-11-20", "telemetry.jsonl.gz")))
            using (var gz = new GZipStream(file, CompressionLevel.Fastest))
                foreach (var r in old)
                {
                    var line = RecordSerializer.ToLine(r);
                    gz.Write(line, 0, line.Length);
                }
            var export = temp.Combine("export.jsonl");
            File.WriteAllLines(export, Enumerable.Range(0, 4).Select(i => RecordSerializer.ToJson(Call("exp-" + i, Day1.AddDays(1).AddMinutes(i), "n"))).Concat(new[] { RecordSerializer.ToJson(old[0]) }));
            var target = new DayIndexedTarget(temp.Combine("merged"));

            var fromStore = TelemetryImporter.Import(ImportSource.Jsonl, target, ImportTestSupport.Options(store));
            var fromExport = TelemetryImporter.Import(ImportSource.Jsonl, target, ImportTestSupport.Options(export));
            var again = TelemetryImporter.Import(ImportSource.Jsonl, target, ImportTestSupport.Options(store));

            Assert.Equal(10, fromStore.Added);
            Assert.Equal(4, fromExport.Added);
            Assert.Equal(1, fromExport.Duplicates);
            Assert.Equal(1, again.FilesSkippedUnchanged);
            Assert.All(target.ReadAll().Where(r => r.Id.StartsWith("old-", StringComparison.Ordinal)), r => Assert.Equal("jsonl", r.Metadata.Source));
        }

        [Fact]
        public void A_growing_store_day_is_read_from_its_checkpoint_and_bad_lines_are_reported()
        {
            using var temp = new TempDir();
            var store = temp.Combine("store");
            StoreFiles.Write(store, Enumerable.Range(0, 5).Select(i => Call("g-" + i, Day1.AddMinutes(i), "m")));
            var day = Path.Combine(store, "2026-11-20", "telemetry.jsonl");
            var target = new DayIndexedTarget(temp.Combine("merged"));
            var first = TelemetryImporter.Import(ImportSource.Jsonl, target, ImportTestSupport.Options(store));

            ImportTestSupport.AppendText(day, "{\"v\":1,\"id\":\"torn\",\"timestamp\":\"2026-11-20T10:\n");
            ImportTestSupport.AppendText(day, "{\"v\":99,\"id\":\"future\",\"timestamp\":\"2026-11-20T10:00:00Z\",\"model\":\"m\"}\n");
            StoreFiles.Write(store, Enumerable.Range(5, 3).Select(i => Call("g-" + i, Day1.AddMinutes(i), "m")));
            ImportTestSupport.Touch(day);
            var second = TelemetryImporter.Import(ImportSource.Jsonl, target, ImportTestSupport.Options(store));

            Assert.Equal(5, first.Added);
            Assert.Equal(3, second.Added);
            Assert.Equal(5, second.Lines);
            Assert.Equal(2, second.Malformed);
            Assert.Equal(new long[] { 6, 7 }, second.MalformedLines.Select(m => m.Line));
            Assert.Contains("newer", second.MalformedLines[1].Problem);
            Assert.Equal(8, target.ReadAll().Count);
        }

        /// <summary>The core checks the path (so the CLI and the module need not): a validation error naming it.</summary>
        [Fact]
        public void A_missing_path_or_jsonl_without_a_path_is_a_validation_error_naming_the_path()
        {
            using var temp = new TempDir();
            var target = new DayIndexedTarget(temp.Path);
            var missing = Assert.Throws<TelemetryValidationException>(() => TelemetryImporter.Import(ImportSource.Jsonl, target, ImportTestSupport.Options(temp.Combine("nope"))));
            Assert.Equal("path", missing.Field);
            Assert.Equal(temp.Combine("nope"), missing.Value);
            Assert.Equal($"invalid path: does not exist (got '{temp.Combine("nope")}')", missing.Message);
            var none = Assert.Throws<TelemetryValidationException>(() => TelemetryImporter.Import(ImportSource.Jsonl, target, new ImportOptions()));
            Assert.Equal("path", none.Field);
            Assert.Contains("is required for jsonl", none.Message);
        }
    }
}
