using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using BenchmarkDotNet.Running;
using LlmTelemetry.Benchmarks;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;

// `dotnet run -c Release --project bench/LlmTelemetry.Benchmarks -- --filter *` runs BenchmarkDotNet.
// `... -- generate <folder> <records> <days>` only writes a dataset (for the CLI's whole-process timings).
// `... -- claude-tree <folder> [projects] [sessions] [turns]` writes a generated Claude Code projects tree (~10 MB a project) for
//    whole-process import timings (ours and ccusage's, on the same files).
// `... -- claude-session <file> [calls]` writes one long Claude Code session log (short lines, some calls coming back
//    5,000 calls later) for the import's whole-process memory: `/usr/bin/time -v llm-telemetry import claude-code ...`.
// `... -- history-year <folder> [calls] [sessions] [projects]` writes a heavy user's year (400k calls, 2,000 sessions, 30
//    projects), prunes it to 30 days and prints the history tier's size; then time `llm-telemetry costs --days 365 --by month,model`.
// `... -- push-probe <store>` times the Pushgateway totals of a store (e.g. generate's 1M-record, 180-day one) in a fresh process.
// `... -- latency [count]` prints the per-append latency distribution (BenchmarkDotNet reports per-iteration means).
// `... -- clickhouse-send <url> [records] [batch]` sends generated records (1,000,000 by default, streamed one batch at a
//    time) through the ClickHouse sink to the database llmt_bench and prints records/s and the peak working set.
// `... -- serve-load <llm-telemetry> <store> [clients] [requests]` runs `llm-telemetry serve` on the store (e.g. generate's
//    1M-record one) and prints p50/p99 latency of 50 concurrent clients x 200 requests over the API's endpoints (loopback).
if (args.Length > 2 && args[0] == "serve-load")
    return ServeLoad.Run(args[1], args[2], args.Length > 3 ? int.Parse(args[3]) : 50, args.Length > 4 ? int.Parse(args[4]) : 200);
if (args.Length > 0 && args[0] == "generate")
{
    Environment.SetEnvironmentVariable("LLMT_BENCH_DATA", args.Length > 1 ? args[1] : null);
    var root = BenchDataset.Ensure(args.Length > 2 ? "store-" + args[2] : "store", args.Length > 2 ? int.Parse(args[2]) : 100_000, args.Length > 3 ? int.Parse(args[3]) : 30);
    Console.WriteLine(root);
    return 0;
}
if (args.Length > 1 && args[0] == "claude-tree")
{
    int projects = args.Length > 2 ? int.Parse(args[2]) : 18;
    int sessions = args.Length > 3 ? int.Parse(args[3]) : 10;
    int turns = args.Length > 4 ? int.Parse(args[4]) : 40;
    var generator = new LlmTelemetry.Tests.Importers.ClaudeCodeTreeGenerator(seed: 42);
    generator.Generate(args[1], projects, sessionsPerProject: sessions, turnsPerSession: turns);
    Console.WriteLine($"{generator.Bytes / 1e6:F1} MB, {generator.Lines:N0} lines, {generator.Calls:N0} distinct calls in {Directory.GetFiles(args[1], "*.jsonl", SearchOption.AllDirectories).Length} files under {args[1]}");
    foreach (var pair in generator.Truth)
        Console.WriteLine($"truth {pair.Key}: input {pair.Value.Input:N0}, output {pair.Value.Output:N0}, cache writes {pair.Value.CacheCreation:N0}, cache reads {pair.Value.CacheRead:N0}, calls {pair.Value.Calls:N0}");
    return 0;
}
if (args.Length > 1 && args[0] == "claude-session")
{
    int calls = args.Length > 2 ? int.Parse(args[2]) : 773_000;
    var generator = new LlmTelemetry.Tests.Importers.ClaudeCodeTreeGenerator(seed: 42);
    generator.GenerateLongSession(args[1], calls, DateTimeOffset.UtcNow.AddDays(-25));
    Console.WriteLine($"{generator.Bytes / 1e6:F1} MB, {generator.Lines:N0} lines, {generator.Calls:N0} distinct calls in {args[1]}");
    return 0;
}
if (args.Length > 1 && args[0] == "history-year")
    return HistoryYear.Run(args[1], args.Length > 2 ? int.Parse(args[2]) : 400_000, args.Length > 3 ? int.Parse(args[3]) : 2_000, args.Length > 4 ? int.Parse(args[4]) : 30);
if (args.Length > 1 && args[0] == "status-probe")
{
    // Where a first Get-LlmStatus' time goes on a store (best of ten, each on a fresh store): opening it, today's total,
    // the session's week.
    var options = new LlmTelemetry.Configuration.StoreOptions { Root = args[1], AutoMaintenance = false };
    double Best(Action a) { double best = double.MaxValue; for (int i = 0; i < 10; i++) { var sw = Stopwatch.StartNew(); a(); best = Math.Min(best, sw.Elapsed.TotalMilliseconds); } return best; }
    var probe = new TelemetryStore(options);
    var last = probe.Query(new LlmTelemetry.Queries.RecordQuery { Zone = TimeZoneInfo.Utc, NewestFirst = true, Limit = 1 }).First();
    var now = last.Timestamp.AddSeconds(1);
    var week = LlmTelemetry.Queries.DateRange.LastDays(7, TimeZoneInfo.Utc, now);
    var day = LlmTelemetry.Queries.DateRange.LastDays(1, TimeZoneInfo.Utc, now);
    Console.WriteLine($"open {Best(() => new TelemetryStore(options).Dispose()):F2} ms");
    Console.WriteLine($"today {Best(() => { using var s = new TelemetryStore(options); LlmTelemetry.Queries.CostReporter.Run(s, new LlmTelemetry.Queries.RecordQuery { Range = day, Zone = TimeZoneInfo.Utc }); }):F2} ms");
    Console.WriteLine($"session week {Best(() => { using var s = new TelemetryStore(options); LlmTelemetry.Queries.CostReporter.Run(s, new LlmTelemetry.Queries.RecordQuery { Range = week, Zone = TimeZoneInfo.Utc, Filter = new LlmTelemetry.Queries.RecordFilter { Sessions = new[] { last.SessionId! } } }); }):F2} ms");
    Console.WriteLine($"week, no filter {Best(() => { using var s = new TelemetryStore(options); LlmTelemetry.Queries.CostReporter.Run(s, new LlmTelemetry.Queries.RecordQuery { Range = week, Zone = TimeZoneInfo.Utc }); }):F2} ms");
    Console.WriteLine($"today, session {Best(() => { using var s = new TelemetryStore(options); LlmTelemetry.Queries.CostReporter.Run(s, new LlmTelemetry.Queries.RecordQuery { Range = day, Zone = TimeZoneInfo.Utc, Filter = new LlmTelemetry.Queries.RecordFilter { Sessions = new[] { last.SessionId! } } }); }):F2} ms");
    for (int n = 1; n <= 7; n++)
    {
        var span = LlmTelemetry.Queries.DateRange.LastDays(n, TimeZoneInfo.Utc, now);
        Console.WriteLine($"  {n} days session {Best(() => { using var s = new TelemetryStore(options); LlmTelemetry.Queries.CostReporter.Run(s, new LlmTelemetry.Queries.RecordQuery { Range = span, Zone = TimeZoneInfo.Utc, Filter = new LlmTelemetry.Queries.RecordFilter { Sessions = new[] { last.SessionId! } } }); }):F2} ms");
    }
    Console.WriteLine($"status {Best(() => { using var s = new TelemetryStore(options); LlmTelemetry.Status.StatusCalculator.Compute(s, new LlmTelemetry.Status.StatusRequest { SessionId = last.SessionId, Now = now, Zone = TimeZoneInfo.Utc }); }):F2} ms");
    return 0;
}
if (args.Length > 1 && args[0] == "probe")
{
    // Where a yearly cost report's time goes, each part timed alone on a fresh store (best of five).
    var options = new LlmTelemetry.Configuration.StoreOptions { Root = args[1], AutoMaintenance = false };
    double Best(Action a) { double best = double.MaxValue; for (int i = 0; i < 5; i++) { var sw = Stopwatch.StartNew(); a(); best = Math.Min(best, sw.Elapsed.TotalMilliseconds); } return best; }
    var probeStore = new TelemetryStore(options);
    var days = probeStore.History.Days();
    var bytes = days.Select(d => System.IO.File.ReadAllBytes(probeStore.History.PathOf(d))).ToList();
    Console.WriteLine($"list history {Best(() => probeStore.History.Days()):F1} ms; list raw {Best(() => probeStore.Days()):F1} ms");
    Console.WriteLine($"read bytes {Best(() => { foreach (var d in days) System.IO.File.ReadAllBytes(probeStore.History.PathOf(d)); }):F1} ms for {days.Count} files");
    Console.WriteLine($"decode {Best(() => { foreach (var b in bytes) RollupCodec.Decode(b, out _); }):F1} ms");
    Console.WriteLine($"TryRead {Best(() => { foreach (var d in days) RollupCodec.TryRead(probeStore.History.PathOf(d), null); }):F1} ms; FileInfo {Best(() => { foreach (var d in days) { var fi = new System.IO.FileInfo(probeStore.History.PathOf(d)); _ = fi.Exists ? fi.Length + fi.LastWriteTimeUtc.Ticks : 0; } }):F1} ms; new store {Best(() => new TelemetryStore(options)):F1} ms");
    Console.WriteLine($"History.Read, fresh store {Best(() => { var s2 = new TelemetryStore(options); foreach (var d in days) s2.History.Read(d); }):F1} ms");
    Console.WriteLine($"raw rollups, fresh store {Best(() => { var s2 = new TelemetryStore(options); foreach (var d in s2.Days()) s2.Summaries.GetDay(d); }):F1} ms");
    var decoded = bytes.Select(b => RollupCodec.Decode(b, out _)!).ToList();
    foreach (var keys in new[] { new[] { LlmTelemetry.Queries.GroupKey.Month, LlmTelemetry.Queries.GroupKey.Model }, new[] { LlmTelemetry.Queries.GroupKey.Model }, new[] { LlmTelemetry.Queries.GroupKey.Month }, Array.Empty<LlmTelemetry.Queries.GroupKey>() })
        Console.WriteLine($"aggregate decoded cells only, by {string.Join(",", keys)}: {Best(() => { var agg = new LlmTelemetry.Queries.CostAggregator(keys, TimeZoneInfo.Utc); foreach (var r in decoded) foreach (var c in r.Cells) agg.AddCell(c, r.UtcDay); agg.Rows(); }):F1} ms");
    Console.WriteLine($"dictionary by model {Best(() => { var d = new System.Collections.Generic.Dictionary<string, LlmTelemetry.Queries.UsageTotals>(); foreach (var r in decoded) foreach (var c in r.Cells) { var m = c.Model ?? ""; if (!d.TryGetValue(m, out var t)) d[m] = t = new LlmTelemetry.Queries.UsageTotals(); t.Merge(c.Totals); } }):F1} ms; lookup only {Best(() => { var d = new System.Collections.Generic.Dictionary<string, int>(); long n = 0; foreach (var r in decoded) foreach (var c in r.Cells) { var m = c.Model ?? ""; if (!d.TryGetValue(m, out var t)) d[m] = t = d.Count; n += t; } }):F1} ms; touch only {Best(() => { long n = 0; foreach (var r in decoded) foreach (var c in r.Cells) n += c.Totals.Events + c.Slot; }):F1} ms");
    Console.WriteLine($"merge totals only {Best(() => { var t = new LlmTelemetry.Queries.UsageTotals(); foreach (var r in decoded) foreach (var c in r.Cells) t.Merge(c.Totals); }):F1} ms; without sessions {Best(() => { var t = new LlmTelemetry.Queries.UsageTotals(); foreach (var r in decoded) foreach (var c in r.Cells) t.Merge(c.Totals, includeSessions: false); }):F1} ms");
    var warm = new TelemetryStore(options);
    var q = new LlmTelemetry.Queries.RecordQuery();
    var by = new[] { LlmTelemetry.Queries.GroupKey.Month, LlmTelemetry.Queries.GroupKey.Model };
    LlmTelemetry.Queries.CostReporter.Run(warm, q, by);
    Console.WriteLine($"report, warm store {Best(() => LlmTelemetry.Queries.CostReporter.Run(warm, q, by)):F1} ms; fresh store {Best(() => LlmTelemetry.Queries.CostReporter.Run(new TelemetryStore(options), q, by)):F1} ms");
    return 0;
}
if (args.Length > 1 && args[0] == "clickhouse-send")
    return ClickHouseSend.Run(new Uri(args[1]), args.Length > 2 ? int.Parse(args[2]) : 1_000_000, args.Length > 3 ? int.Parse(args[3]) : LlmTelemetry.Exporters.ClickHouse.ClickHouseOptions.DefaultBatchSize);
if (args.Length > 1 && args[0] == "push-probe")
{
    // The Pushgateway totals (every day of the store, from the rollups) as the per-call push computes them: the first
    // computation of this process (JIT and cold caches included, as in a fresh `record`), then the best of five, each on a
    // fresh store; then the exposition text and its size.
    var options = BenchDataset.Options(args[1]);
    var first = Stopwatch.StartNew();
    var series = LlmTelemetry.Exporters.Prometheus.PushTotals.Of(new TelemetryStore(options), LlmTelemetry.Exporters.Shipping.ShipAnonymizer.None, default);
    double firstMs = first.Elapsed.TotalMilliseconds;
    double best = double.MaxValue;
    for (int i = 0; i < 5; i++)
    {
        var sw = Stopwatch.StartNew();
        series = LlmTelemetry.Exporters.Prometheus.PushTotals.Of(new TelemetryStore(options), LlmTelemetry.Exporters.Shipping.ShipAnonymizer.None, default);
        best = Math.Min(best, sw.Elapsed.TotalMilliseconds);
    }
    var render = Stopwatch.StartNew();
    string body = LlmTelemetry.Exporters.Prometheus.PrometheusExposition.Render(series);
    double renderFirst = render.Elapsed.TotalMilliseconds;
    render.Restart();
    LlmTelemetry.Exporters.Prometheus.PrometheusExposition.Render(series);
    Console.WriteLine($"push totals: first in process {firstMs:F1} ms, then best of 5 {best:F1} ms; {series.Count:N0} series, {series.Sum(s => s.Counts[LlmTelemetry.Exporters.Prometheus.PushSeries.Calls]):N0} calls; render first {renderFirst:F1} ms, again {render.Elapsed.TotalMilliseconds:F1} ms, {body.Length / 1024.0:N0} KB");
    if (args.Length > 2)
    {
        // A whole push to a gateway (`push-probe <store> http://127.0.0.1:9091`): the first of the process, then again.
        var push = new LlmTelemetry.Exporters.Prometheus.PushgatewayOptions { Url = new Uri(args[2]), Job = "push-probe" };
        for (int i = 0; i < 2; i++)
        {
            var sw = Stopwatch.StartNew();
            LlmTelemetry.Exporters.Prometheus.PushgatewayExporter.PushAsync(new TelemetryStore(options), push, LlmTelemetry.Exporters.Shipping.ShipAnonymizer.None, default).GetAwaiter().GetResult();
            Console.WriteLine($"push to {args[2]}: {sw.Elapsed.TotalMilliseconds:F1} ms");
        }
    }
    return 0;
}
if (args.Length > 0 && args[0] == "latency")
{
    int count = args.Length > 1 ? int.Parse(args[1]) : 100_000;
    var root = Path.Combine(Path.GetTempPath(), "llmt-latency-" + Guid.NewGuid().ToString("N"));
    using var store = new TelemetryStore(BenchDataset.AppendOptions(root));
    var record = new TelemetryRecordBuilder().At(BenchDataset.End).Model("claude-sonnet-4-5").Agent("doc-finder")
        .Tokens(input: 812, output: 95).DurationMs(1430).Cost(0.0042).Build();
    var ticks = new long[count];
    for (int i = 0; i < 2000; i++) store.Append(record with { Id = RecordIds.NewUlid() }); // warm-up
    for (int i = 0; i < count; i++)
    {
        var next = record with { Id = RecordIds.NewUlid() };
        long start = Stopwatch.GetTimestamp();
        store.Append(next);
        ticks[i] = Stopwatch.GetTimestamp() - start;
    }
    Array.Sort(ticks);
    double Us(double q) => ticks[Math.Min(count - 1, (int)(q * count))] * 1_000_000.0 / Stopwatch.Frequency;
    Console.WriteLine($"append latency over {count:N0} appends: p50 {Us(0.50):N1} µs, p90 {Us(0.90):N1} µs, p99 {Us(0.99):N1} µs, p99.9 {Us(0.999):N1} µs, max {Us(1.0 - 1e-9):N1} µs");
    Directory.Delete(root, true);
    return 0;
}
BenchmarkSwitcher.FromAssembly(typeof(BenchDataset).Assembly).Run(args);
return 0;
