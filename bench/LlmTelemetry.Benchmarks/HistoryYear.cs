using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using LlmTelemetry.Configuration;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Benchmarks
{
    /// <summary>
    /// A heavy user's year for the history tier's size: by default 400,000 calls in 2,000 sessions over 30 projects.
    /// A session is one project and one agent (a main thread or a subagent), works for two to five hours and calls
    /// two or three models; calls have durations (the latency histogram is part of the size). Written as raw records,
    /// then pruned to a 30-day retention, so 335 days are history.
    /// </summary>
    internal static class HistoryYear
    {
        private static readonly string[] Models = { "claude-opus-4-6", "claude-sonnet-4-5", "claude-haiku-4-5", "gpt-5.4", "gpt-5-mini", "gemini-2.5-pro" };
        private static readonly string[] Agents = { "claude-code", "claude-code/explore", "claude-code/general-purpose", "codex", "gemini-cli", "reviewer" };

        public static int Run(string root, int calls, int sessions, int projects)
        {
            if (Directory.Exists(root)) Directory.Delete(root, true);
            var end = new DateTimeOffset(DateTime.UtcNow.Date.AddHours(12), TimeSpan.Zero);
            var options = new StoreOptions
            {
                Root = root,
                AutoMaintenance = false,
                Environment = new Dictionary<string, string?>(),
                ConfigFile = Path.Combine(root + "-config", "config.json"),
                RetentionDays = 3650,
                Clock = () => end,
            };
            var rng = new Random(7);
            var clock = Stopwatch.StartNew();
            using (var store = new TelemetryStore(options))
            {
                var batch = new List<TelemetryRecord>(50_000);
                int perSession = calls / sessions;
                for (int s = 0; s < sessions; s++)
                {
                    // Sessions spread over the year; a day holds five or six of them.
                    var day = end.UtcDateTime.Date.AddDays(-(int)((long)s * 365 / sessions));
                    var start = new DateTimeOffset(day, TimeSpan.Zero).AddHours(7 + rng.NextDouble() * 6);
                    double hours = 2 + rng.NextDouble() * 3;
                    string project = "project-" + rng.Next(projects).ToString("00");
                    string agent = Agents[rng.Next(Agents.Length)];
                    var models = Enumerable.Range(0, 2 + rng.Next(2)).Select(_ => Models[rng.Next(Models.Length)]).ToArray();
                    for (int c = 0; c < perSession; c++)
                    {
                        var at = start.AddSeconds(hours * 3600 * c / perSession);
                        if (at.UtcDateTime.Date != day) at = new DateTimeOffset(day.AddHours(23.99), TimeSpan.Zero);
                        long input = 5 + rng.Next(3000), output = 50 + rng.Next(2000), cacheRead = rng.Next(200_000), cacheWrite = rng.Next(10) == 0 ? rng.Next(30_000) : 0;
                        batch.Add(new TelemetryRecordBuilder().At(at).Model(models[rng.Next(models.Length)]).Provider("anthropic").Agent(agent).Operation("chat")
                            .Session("session-" + s.ToString("0000")).User("me").Host("laptop").Project(project).Source("claude-code")
                            .Tokens(input: input, output: output, cacheCreationInput: cacheWrite, cacheReadInput: cacheRead)
                            .DurationMs(800 + rng.Next(60_000)).Cost((input * 3 + output * 15 + cacheRead * 0.3 + cacheWrite * 3.75) / 1e6).Build());
                        if (batch.Count == batch.Capacity)
                        {
                            store.AppendBatch(batch);
                            batch.Clear();
                        }
                    }
                }
                store.AppendBatch(batch);
                Console.WriteLine($"wrote {calls:N0} calls in {sessions:N0} sessions over {projects} projects in {clock.Elapsed.TotalSeconds:F1} s; raw {Bytes(root, raw: true) / 1e6:F1} MB");
            }
            clock.Restart();
            using (var store = new TelemetryStore(options with { RetentionDays = null }))
            {
                var report = store.Maintenance.Run(new MaintenanceOptions { RetentionDays = 30 });
                long history = store.History.SizeOnDisk();
                int days = store.History.Days().Count;
                long cells = store.History.Days().Sum(d => (long)store.History.Read(d).Cells.Count);
                Console.WriteLine($"pruned to 30 days in {clock.Elapsed.TotalSeconds:F1} s: {report.DaysArchived} days archived; history {history / 1e6:F2} MB for {days} days "
                    + $"({cells:N0} cells, {history / Math.Max(1, days) / 1024.0:F1} KB a day), raw {Bytes(root, raw: true) / 1e6:F1} MB for {store.Days().Count} days");
            }
            return 0;
        }

        private static long Bytes(string root, bool raw)
            => Directory.EnumerateDirectories(root).Where(d => DayPartition.TryParseName(Path.GetFileName(d), out _) == raw)
                .SelectMany(d => Directory.EnumerateFiles(d)).Sum(f => new FileInfo(f).Length);
    }
}
