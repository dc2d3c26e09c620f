using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Tests.Storage
{
    public sealed class TelemetryStoreTests
    {
        [Fact]
        public void Append_then_read_back_gives_equal_records_and_creates_the_day_folder()
        {
            using var t = new TempStore();
            var at = new DateTimeOffset(2026, 11, 22, 10, 30, 45, 123, TimeSpan.Zero);
            var record = new TelemetryRecordBuilder().At(at).Model("claude-sonnet-4-5").Provider("anthropic").Agent("doc-finder")
                .Operation("search").Session("abc123").User("chad").DurationMs(1234)
                .Tokens(input: 500, output: 200, cacheReadInput: 1200, reasoning: 20).Cost(0.0025)
                .Project("spacewalker").GitBranch("main").Host("dev-laptop").Source("test")
                .Payload(JsonPayload.Parse("{\"note\":\"ünïcödé <b>\",\"n\":[1,2]}")).Build();

            var stored = t.Store.Append(record);

            Assert.True(Directory.Exists(Path.Combine(t.StoreRoot, "2026-11-22")));
            var back = Assert.Single(t.Store.Query());
            Assert.Equal(stored, back);
            Assert.Equal(1900, back.Tokens.Total);
            var line = File.ReadAllText(Path.Combine(t.StoreRoot, "2026-11-22", "telemetry.jsonl"));
            Assert.Contains("\"timestamp\":\"2026-11-22T10:30:45.123Z\"", line);
            Assert.Contains("\"agent_name\":\"doc-finder\"", line);
            Assert.Contains("\"cache_creation_1h_input\":0", line);
            Assert.Contains("ünïcödé", line);
            Assert.EndsWith("}\n", line);
        }

        [Fact]
        public void Unpriced_cost_is_stored_as_null_not_zero()
        {
            using var t = new TempStore();
            t.Store.Append(TempStore.Call(t.Now, model: "mystery-model", cost: null));
            var line = File.ReadAllText(Directory.GetFiles(t.StoreRoot, "telemetry.jsonl", SearchOption.AllDirectories).Single());
            Assert.Contains("\"cost_usd\":null", line);
            Assert.Null(t.Store.Query().Single().CostUsd);
        }

        [Fact]
        public void Eight_threads_appending_two_thousand_each_lose_nothing()
        {
            using var t = new TempStore();
            Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, thread =>
            {
                for (int i = 0; i < 2000; i++)
                    t.Store.Append(TempStore.Call(t.Now.AddMilliseconds(i), agent: "thread-" + thread, session: thread + "-" + i));
            });
            var diagnostics = new ReadDiagnostics();
            var records = t.Store.Query(diagnostics: diagnostics).ToList();
            Assert.Equal(16_000, records.Count);
            Assert.Equal(0, diagnostics.SkippedLines);
            Assert.Equal(16_000, records.Select(r => r.Id).Distinct().Count());
            for (int thread = 0; thread < 8; thread++) Assert.Equal(2000, records.Count(r => r.AgentName == "thread-" + thread));
        }

        [Fact]
        public void A_record_with_text_gets_hashes_but_text_is_stored_only_when_opted_in()
        {
            using var off = new TempStore();
            var stored = off.Store.Append(TempStore.Call(off.Now), "the prompt", "the response");
            Assert.Equal(RecordIds.Sha256Hash("the prompt"), stored.PromptHash);
            Assert.StartsWith("sha256:", stored.ResponseHash);
            Assert.Equal(64 + 7, stored.ResponseHash!.Length);
            var day = Path.Combine(off.StoreRoot, "2026-11-22");
            Assert.False(File.Exists(Path.Combine(day, "prompts.jsonl")));
            Assert.False(File.Exists(Path.Combine(day, "responses.jsonl")));
            Assert.DoesNotContain("the prompt", File.ReadAllText(Path.Combine(day, "telemetry.jsonl")));

            using var on = new TempStore(configure: o => o with { StorePrompts = true });
            var r2 = on.Store.Append(TempStore.Call(on.Now), "secret prompt", "the response");
            var day2 = Path.Combine(on.StoreRoot, "2026-11-22");
            var prompts = File.ReadAllText(Path.Combine(day2, "prompts.jsonl"));
            Assert.Contains("secret prompt", prompts);
            Assert.Contains(r2.Id, prompts);
            Assert.False(File.Exists(Path.Combine(day2, "responses.jsonl")));
            Assert.DoesNotContain("secret prompt", File.ReadAllText(Path.Combine(day2, "telemetry.jsonl")));
        }

        [Fact]
        public void Environment_variables_turn_on_text_storage_and_storage_off()
        {
            using var t = new TempStore(configure: o => o with
            {
                Environment = new Dictionary<string, string?> { ["LLM_STORE_RESPONSES"] = "true" },
            });
            t.Store.Append(TempStore.Call(t.Now), null, "kept response");
            Assert.Contains("kept response", File.ReadAllText(Path.Combine(t.StoreRoot, "2026-11-22", "responses.jsonl")));

            var disabled = t.Reopen(o => o with { Environment = new Dictionary<string, string?> { ["LLM_TELEMETRY_STORAGE"] = "false" } });
            disabled.Append(TempStore.Call(t.Now.AddDays(-1)));
            Assert.False(Directory.Exists(Path.Combine(t.StoreRoot, "2026-11-21")));
            Assert.Single(disabled.Query()); // reads still work
        }

        [Fact]
        public void A_thousand_malformed_lines_among_good_ones_are_skipped_and_counted_exactly()
        {
            using var t = new TempStore();
            var good = Enumerable.Range(0, 500).Select(i => TempStore.Call(t.Now.AddSeconds(-i))).ToList();
            var day = Path.Combine(t.StoreRoot, "2026-11-22");
            Directory.CreateDirectory(day);
            var bad = new List<byte[]>
            {
                Encoding.UTF8.GetBytes("{not json"),
                Encoding.UTF8.GetBytes("garbage line"),
                new byte[] { 0x7B, 0x22, 0x69, 0x64, 0x22, 0x3A, 0x22, 0xC3, 0x28, 0x22, 0x7D }, // invalid UTF-8
                Encoding.UTF8.GetBytes("{\"v\":2,\"id\":\"future\",\"timestamp\":\"2026-11-22T10:00:00Z\",\"event_type\":\"llm_call\",\"model\":\"m\"}"),
                Encoding.UTF8.GetBytes("{\"v\":1,\"id\":\"x\",\"timestamp\":\"not a date\",\"model\":\"m\"}"),
                Encoding.UTF8.GetBytes("{\"v\":1,\"id\":\"neg\",\"timestamp\":\"2026-11-22T10:00:00Z\",\"model\":\"m\",\"tokens\":{\"input\":-5,\"total\":-5}}"),
                Encoding.UTF8.GetBytes("[1,2,3]"),
                Encoding.UTF8.GetBytes("null"),
            };
            using (var file = File.Create(Path.Combine(day, "telemetry.jsonl")))
            {
                int b = 0;
                for (int i = 0; i < 1500; i++)
                {
                    byte[] line = i % 3 == 0 && i / 3 < 500 ? RecordSerializer.ToLine(good[i / 3]) : Append(bad[b++ % bad.Count]);
                    file.Write(line, 0, line.Length);
                }
            }
            var diagnostics = new ReadDiagnostics(collectDetails: true);
            var records = t.Store.Query(diagnostics: diagnostics).ToList();
            Assert.Equal(500, records.Count);
            Assert.Equal(1000, diagnostics.SkippedLines);
            Assert.Equal(1000, diagnostics.Details.Count);
            Assert.All(diagnostics.Details, d => Assert.EndsWith("telemetry.jsonl", d.File));
            Assert.Equal(2, diagnostics.Details[0].Line);
        }

        private static byte[] Append(byte[] line) => line.Concat(new[] { (byte)'\n' }).ToArray();

        [Fact]
        public void A_writer_starts_a_fresh_line_after_a_torn_tail()
        {
            using var t = new TempStore();
            t.Store.Append(TempStore.Call(t.Now.AddSeconds(-2)));
            var path = Path.Combine(t.StoreRoot, "2026-11-22", "telemetry.jsonl");
            File.AppendAllText(path, "{\"v\":1,\"id\":\"torn\",\"times"); // a writer killed mid-line
            t.Store.Append(TempStore.Call(t.Now));
            var diagnostics = new ReadDiagnostics();
            Assert.Equal(2, t.Store.Query(diagnostics: diagnostics).Count());
            Assert.Equal(1, diagnostics.SkippedLines);
            Assert.Equal(3, File.ReadAllLines(path).Length);
        }

        [Fact]
        public void A_range_query_returns_exactly_its_days_and_opens_no_folder_outside_it()
        {
            using var t = new TempStore(now: new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
            var all = new List<TelemetryRecord>();
            for (int day = 1; day <= 30; day++)
                for (int i = 0; i < 5; i++)
                    all.Add(t.Store.Append(TempStore.Call(new DateTimeOffset(2026, 11, day, i * 5, 0, 0, TimeSpan.Zero))));
            // Poison every folder outside the range: reading one would count skipped lines.
            foreach (var dir in Directory.GetDirectories(t.StoreRoot))
            {
                var name = Path.GetFileName(dir);
                if (string.CompareOrdinal(name, "2026-11-10") < 0 || string.CompareOrdinal(name, "2026-11-12") > 0)
                    File.AppendAllText(Path.Combine(dir, "telemetry.jsonl"), "poison\n");
            }
            var range = new DateRange(new DateTime(2026, 11, 10), new DateTime(2026, 11, 12), TimeZoneInfo.Utc);
            var diagnostics = new ReadDiagnostics();
            var got = t.Store.Query(new RecordQuery { Range = range }, diagnostics).ToList();
            var expected = all.Where(r => r.Timestamp.Day >= 10 && r.Timestamp.Day <= 12).OrderBy(r => r.Timestamp).ToList();
            Assert.Equal(expected, got);
            Assert.Equal(15, got.Count);
            Assert.Equal(3, diagnostics.FilesRead);
            Assert.Equal(0, diagnostics.SkippedLines);
        }

        [Fact]
        public void Query_streams_in_time_order_even_when_appended_out_of_order_and_filters_with_wildcards()
        {
            using var t = new TempStore();
            var late = t.Store.Append(TempStore.Call(t.Now, model: "claude-opus-4-6", agent: "Reviewer"));
            var early = t.Store.Append(TempStore.Call(t.Now.AddHours(-3), model: "gpt-4o-mini", agent: "doc-finder", success: false));
            var mid = t.Store.Append(TempStore.Call(t.Now.AddHours(-1), model: "claude-haiku-4-5", agent: "doc-finder"));
            Assert.Equal(new[] { early, mid, late }, t.Store.Query().ToArray());
            Assert.Equal(new[] { late, mid, early }, t.Store.Query(new RecordQuery { NewestFirst = true }).ToArray());
            Assert.Equal(new[] { mid, late }, t.Store.Query(new RecordQuery { Filter = new RecordFilter { Models = new[] { "CLAUDE*" } } }).ToArray());
            Assert.Equal(new[] { late }, t.Store.Query(new RecordQuery { Filter = new RecordFilter { Agents = new[] { "rev?ewer" } } }).ToArray());
            Assert.Equal(new[] { early }, t.Store.Query(new RecordQuery { Filter = new RecordFilter { Success = false } }).ToArray());
            Assert.Equal(new[] { late }, t.Store.Query(new RecordQuery { Filter = new RecordFilter { Search = "OPUS-4" } }).ToArray());
            Assert.Equal(new[] { early, mid }, t.Store.Query(new RecordQuery { Filter = new RecordFilter { Agents = new[] { "doc-finder" }, Models = new[] { "gpt*", "claude-h*" } } }).ToArray());
        }

        [Fact]
        public void Files_are_owner_only_on_unix()
        {
            if (OperatingSystem.IsWindows()) return;
            using var t = new TempStore(configure: o => o with { StorePrompts = true });
            t.Store.Append(TempStore.Call(t.Now), "p", null);
            var day = Path.Combine(t.StoreRoot, "2026-11-22");
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(day, "telemetry.jsonl")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(day, "prompts.jsonl")));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(day));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(t.StoreRoot));
        }

        [Fact]
        public void ContainsId_knows_the_ids_of_the_records_day()
        {
            using var t = new TempStore();
            var r = t.Store.Append(TempStore.Call(t.Now.AddDays(-3)));
            Assert.True(t.Store.ContainsId(r.Id, r.Timestamp));
            Assert.False(t.Store.ContainsId(r.Id, t.Now));
            Assert.False(t.Store.ContainsId("other", r.Timestamp));
            var fresh = t.Reopen();
            Assert.True(fresh.ContainsId(r.Id, r.Timestamp));
            var b = TempStore.Call(t.Now.AddDays(-3).AddMinutes(1));
            fresh.AppendBatch(new[] { b });
            Assert.True(fresh.ContainsId(b.Id, b.Timestamp));
        }
    }
}
