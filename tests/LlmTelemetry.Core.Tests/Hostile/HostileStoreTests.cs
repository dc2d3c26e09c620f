using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Tests.Hostile
{
    /// <summary>
    /// Hostile day files: every pair of a catalogue of line kinds (valid records, second copies of an id, torn
    /// lines, garbage, lines that are JSON but not records, …) and a sample of triples, laid out as a plain .jsonl,
    /// split over .jsonl.gz + .jsonl, or without a final newline. Each case states its outcome from one rule — a
    /// record is a line that parses as one, counted once per id and day (its first copy), every other non-blank line
    /// is a skipped line — and checks it on every reader (queries, text search, day summaries, cost reports from
    /// summaries and from scans, stats), on the id index that import dedup uses, and on a batch append after it.
    /// </summary>
    public sealed class HostileStoreTests
    {
        private static readonly DateTimeOffset Day = new DateTimeOffset(2026, 11, 19, 0, 0, 0, TimeSpan.Zero);

        private static TelemetryRecord Base(string id, int hour, long input, string agent, JsonPayload? payload = null)
        {
            var b = new TelemetryRecordBuilder().Id(id).At(Day.AddHours(hour)).Model("claude-sonnet-4-5").Provider("anthropic")
                .Agent(agent).Operation("op").Session("s").Tokens(input: input, output: 10).DurationMs(100).Cost(0.5);
            if (payload is not null) b.Payload(payload);
            return b.Build();
        }

        private static readonly TelemetryRecord R0 = Base("hostile-0", 1, 100, "agent-a");
        private static readonly TelemetryRecord R0Copy = Base("hostile-0", 5, 900, "copy-agent");
        private static readonly TelemetryRecord R1 = Base("hostile-1", 2, 200, "agent-a");
        private static readonly TelemetryRecord R1Big = Base("hostile-1", 6, 201, "agent-a", JsonPayload.Parse("{\"pad\":\"" + new string('p', 300_000) + "\"}"));
        private static readonly TelemetryRecord R2 = Base("hostile-2", 3, 300, "agent-b");
        private static readonly TelemetryRecord[] Canonical = { R0, R1, R2 };

        private static string Json(TelemetryRecord r) => RecordSerializer.ToJson(r);

        private static string Patch(TelemetryRecord r, string from, string to)
        {
            var json = Json(r);
            Assert.Contains(from, json);
            return json.Replace(from, to);
        }

        /// <summary>A line kind: its bytes, and the record it is when it parses (null: a skipped line; Blank: ignored).</summary>
        private sealed record Kind(string Name, Func<byte[]> Bytes, TelemetryRecord? Record, bool Blank = false);

        private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);

        private static readonly Kind[] Kinds =
        {
            new("R0", () => Utf8(Json(R0)), R0),
            new("R0copy", () => Utf8(Json(R0Copy)), R0Copy),
            new("R1", () => Utf8(Json(R1)), R1),
            new("R1big", () => Utf8(Json(R1Big)), R1Big),
            new("R2", () => Utf8(Json(R2)), R2),
            new("R0crlf", () => Utf8(Json(R0) + "\r"), R0),
            new("R2spaces", () => Utf8("  " + Json(R2) + " \t"), R2),
            new("R0torn12", () => Utf8(Json(R0).Substring(0, 12)), null),
            new("R0tornHalf", () => Utf8(Json(R0).Substring(0, Json(R0).Length / 2)), null),
            new("R0tornLastBrace", () => Utf8(Json(R0).Substring(0, Json(R0).Length - 1)), null),
            new("R1tornHalf", () => Utf8(Json(R1).Substring(0, Json(R1).Length / 2)), null),
            new("R2idOnly", () => Utf8("{\"v\":1,\"id\":\"hostile-2\"}"), null),
            new("R2newerSchema", () => Utf8(Patch(R2, "{\"v\":1,", "{\"v\":99,")), null),
            new("R2negativeTokens", () => Utf8(Patch(R2, "\"input\":300", "\"input\":-300")), null),
            new("R2hugeNumber", () => Utf8(Patch(R2, "\"input\":300", "\"input\":1e30")), null),
            new("R2badUtf8", () => Utf8(Json(R2)).Select(b => b == (byte)'b' ? (byte)0xC3 : b).ToArray(), null),
            new("R2trailingGarbage", () => Utf8(Json(R2) + "}x"), null),
            new("R2twoRecordsOneLine", () => Utf8(Json(R2) + Json(R0)), null),
            new("R1bom", () => new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Utf8(Json(R1))).ToArray(), null),
            new("R0deepPayload", () => Utf8(Patch(R0, "\"tokens\":", "\"payload\":" + new string('[', 200) + new string(']', 200) + ",\"tokens\":")), null),
            new("garbage", () => Utf8("not json at all"), null),
            new("jsonNull", () => Utf8("null"), null),
            new("emptyObject", () => Utf8("{}"), null),
            new("array", () => Utf8("[1,2,3]"), null),
            new("nul", () => new byte[] { 0, 0, 0 }, null),
            new("blank", () => Utf8("   \t"), null, Blank: true),
        };

        public enum Layout
        {
            Jsonl,
            CompactedThenJsonl,
            NoFinalNewline,
        }

        public static IEnumerable<object[]> Cases()
        {
            foreach (var layout in new[] { Layout.Jsonl, Layout.CompactedThenJsonl })
                foreach (var a in Kinds)
                    foreach (var b in Kinds)
                        yield return new object[] { layout, a.Name + "+" + b.Name };
            var random = new Random(12);
            var layouts = (Layout[])Enum.GetValues(typeof(Layout));
            for (int i = 0; i < 150; i++)
            {
                var names = Enumerable.Range(0, 3).Select(_ => Kinds[random.Next(Kinds.Length)].Name);
                yield return new object[] { layouts[i % layouts.Length], string.Join("+", names) };
            }
        }

        [Theory]
        [MemberData(nameof(Cases))]
        public void A_hostile_day_file_reads_by_the_one_rule_everywhere(Layout layout, string lines)
        {
            var kinds = lines.Split('+').Select(n => Kinds.Single(k => k.Name == n)).ToList();
            using var t = new TempStore();
            var partition = new DayPartition(t.StoreRoot, Day.UtcDateTime);
            Write(partition, kinds, layout);

            // The rule, applied to the catalogue: first parsing copy of each id in file order; other lines skipped.
            var expected = new List<TelemetryRecord>();
            long skipped = 0, duplicates = 0;
            foreach (var k in kinds)
            {
                if (k.Blank) continue;
                if (k.Record is null) skipped++;
                else if (expected.Any(r => r.Id == k.Record.Id)) duplicates++;
                else expected.Add(k.Record);
            }
            var expectedJson = expected.OrderBy(r => r.Timestamp).Select(Json).ToList();

            var diagnostics = new ReadDiagnostics(collectDetails: true);
            var read = t.Store.Query(diagnostics: diagnostics).ToList();
            Assert.Equal(expectedJson, read.Select(Json).ToList());
            Assert.True(skipped == diagnostics.SkippedLines, $"skipped {diagnostics.SkippedLines}, expected {skipped}: " + string.Join("; ", diagnostics.Details.Select(d => d.Line + " " + d.Problem)));
            Assert.Equal(duplicates, diagnostics.DuplicateLines);

            // A text search finds a record only through the copy that is the record.
            Assert.Equal(expected.Count(r => r.AgentName == "copy-agent"), t.Store.Query(new RecordQuery { Filter = new RecordFilter { Search = "copy-agent" } }).Count());
            Assert.Equal(expected.Count(r => r.AgentName == "agent-a"), t.Store.Query(new RecordQuery { Filter = new RecordFilter { Search = "agent-a" } }).Count());
            Assert.Equal(expected.Count(r => r.AgentName == "agent-b"), t.Store.Query(new RecordQuery { Filter = new RecordFilter { Agents = new[] { "agent-b" } } }).Count());

            var summary = t.Store.Summaries.GetDay(partition);
            Assert.Equal(expected.Count, summary.Totals.Calls);
            Assert.Equal(expected.Sum(r => r.Tokens.Input), summary.Totals.InputTokens);
            Assert.Equal(skipped, summary.SkippedLines);
            var range = DateRange.LastDays(10, TimeZoneInfo.Utc, t.Now);
            foreach (bool useSummaries in new[] { true, false })
            {
                var costs = CostReporter.Run(t.Reopen(), new RecordQuery { Range = range, Zone = TimeZoneInfo.Utc, UseSummaries = useSummaries }, new[] { GroupKey.Agent });
                Assert.Equal(expected.Count, costs.Total.Calls);
                Assert.Equal(expected.Sum(r => r.Tokens.Input), costs.Total.InputTokens);
                Assert.Equal(skipped, costs.SkippedLines);
            }
            var stats = UsageStatsCalculator.Run(t.Store, new RecordQuery { Range = range, Zone = TimeZoneInfo.Utc });
            Assert.Equal(expected.Count, stats.Calls);
            Assert.Equal(skipped, stats.SkippedLines);

            // Import dedup sees exactly the stored records: a torn or invalid line with an id does not hide the call.
            var fresh = t.Reopen();
            foreach (var r in Canonical) Assert.Equal(expected.Any(e => e.Id == r.Id), fresh.ContainsId(r.Id, r.Timestamp));
            int missing = Canonical.Count(r => expected.All(e => e.Id != r.Id));
            Assert.Equal(missing, fresh.AppendBatch(Canonical));
            var after = new ReadDiagnostics();
            var all = t.Reopen().Query(diagnostics: after).ToList();
            Assert.Equal(Canonical.Select(r => r.Id).OrderBy(i => i), all.Select(r => r.Id).OrderBy(i => i));
            Assert.Equal(skipped, after.SkippedLines);
            foreach (var e in expected) Assert.Equal(Json(e), Json(all.Single(r => r.Id == e.Id))); // nothing stored is altered
        }

        private static void Write(DayPartition partition, List<Kind> kinds, Layout layout)
        {
            Directory.CreateDirectory(partition.Folder);
            var lines = kinds.Select(k => k.Bytes()).ToList();
            int split = layout == Layout.CompactedThenJsonl ? (lines.Count + 1) / 2 : 0;
            if (split > 0)
            {
                using var file = File.Create(partition.CompactedPath);
                using var gzip = new GZipStream(file, CompressionLevel.Fastest);
                foreach (var line in lines.Take(split)) { gzip.Write(line); gzip.WriteByte((byte)'\n'); }
            }
            using var data = File.Create(partition.DataPath);
            var rest = lines.Skip(split).ToList();
            for (int i = 0; i < rest.Count; i++)
            {
                data.Write(rest[i]);
                if (layout != Layout.NoFinalNewline || i < rest.Count - 1) data.WriteByte((byte)'\n');
            }
        }
    }
}
