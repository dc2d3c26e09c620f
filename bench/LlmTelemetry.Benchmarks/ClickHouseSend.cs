using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Threading;
using LlmTelemetry.Exporters.ClickHouse;
using LlmTelemetry.Records;

namespace LlmTelemetry.Benchmarks
{
    /// <summary>
    /// `clickhouse-send <url> <records> [batch]`: the sink's throughput and memory. Records are generated one batch at
    /// a time into one reused list (never all N at once), sent through <see cref="ClickHouseSink"/> to the database
    /// llmt_bench (its tables dropped first), and counted back with FINAL. Prints records/s for the sends alone and
    /// for the whole run, and the process's peak working set.
    /// </summary>
    internal static class ClickHouseSend
    {
        private static readonly string[] Models = { "claude-opus-4-6", "claude-sonnet-4-5", "claude-haiku-4-5", "gpt-5.4", "gpt-5-mini" };

        public static int Run(Uri url, int count, int batchSize)
        {
            const string database = "llmt_bench";
            using var http = new System.Net.Http.HttpClient();
            foreach (var drop in new[] { "DROP TABLE IF EXISTS llmt_bench.llm_telemetry", "DROP TABLE IF EXISTS llmt_bench.llm_telemetry_daily" })
                http.PostAsync(url, new System.Net.Http.StringContent(drop)).GetAwaiter().GetResult().EnsureSuccessStatusCode();
            using var sink = new ClickHouseSink(new ClickHouseOptions { Url = url, Database = database, BatchSize = batchSize, Http = http });
            sink.PrepareAsync(CancellationToken.None).GetAwaiter().GetResult();

            var start = new DateTimeOffset(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);
            var batch = new List<TelemetryRecord>(batchSize);
            var total = Stopwatch.StartNew();
            var sending = new Stopwatch();
            long expectedTokens = 0;
            for (int sent = 0; sent < count;)
            {
                batch.Clear();
                for (int i = 0; i < batchSize && sent + i < count; i++)
                {
                    int n = sent + i;
                    var record = new TelemetryRecord
                    {
                        Id = "bench-" + n.ToString("D9", System.Globalization.CultureInfo.InvariantCulture),
                        Timestamp = start.AddMilliseconds(n * 2_500L),
                        Provider = n % 5 < 3 ? "anthropic" : "openai",
                        Model = Models[n % Models.Length],
                        AgentName = "claude-code",
                        Operation = "chat",
                        SessionId = "session-" + (n / 400),
                        UserId = "chad",
                        DurationMs = 800 + n % 4_000,
                        Tokens = TokenUsage.Create(input: 3 + n % 50, output: 200 + n % 900, cacheCreationInput: n % 7 == 0 ? 2_000 : 0, cacheReadInput: 30_000 + n % 20_000),
                        CostUsd = n % 50 == 0 ? null : 0.001 * (1 + n % 37),
                        Success = n % 97 != 0,
                        PromptHash = "sha256:" + n.ToString("x16", System.Globalization.CultureInfo.InvariantCulture),
                        Metadata = new RecordMetadata { Project = "project-" + (n % 30), GitBranch = "main", Host = "bench-host", Source = "claude-code" },
                    };
                    expectedTokens += record.Tokens.Total;
                    batch.Add(record);
                }
                sending.Start();
                sink.SendRecordsAsync(batch, CancellationToken.None).GetAwaiter().GetResult();
                sending.Stop();
                sent += batch.Count;
            }
            total.Stop();

            string answer = http.PostAsync(url, new System.Net.Http.StringContent("SELECT count(), sum(total_tokens) FROM llmt_bench.llm_telemetry FINAL"))
                .GetAwaiter().GetResult().Content.ReadAsStringAsync().GetAwaiter().GetResult().Trim();
            long peak = Process.GetCurrentProcess().PeakWorkingSet64;
            Console.WriteLine($"sent {count:N0} records in {(count + batchSize - 1) / batchSize:N0} batches of {batchSize:N0}: "
                + $"{count / sending.Elapsed.TotalSeconds:N0} records/s sending ({sending.Elapsed.TotalSeconds:F1} s), "
                + $"{count / total.Elapsed.TotalSeconds:N0} records/s with generation ({total.Elapsed.TotalSeconds:F1} s)");
            Console.WriteLine($"peak working set {peak / 1048576.0:F1} MB; GC heap now {GC.GetTotalMemory(false) / 1048576.0:F1} MB");
            Console.WriteLine($"ClickHouse (FINAL): count, tokens = {answer.Replace('\t', ',')}; expected {count},{expectedTokens}");
            return answer == count + "\t" + expectedTokens ? 0 : 1;
        }
    }
}
