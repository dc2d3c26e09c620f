using System.CommandLine;
using System.Text.Json;
using LlmTelemetry.Cli.Output;
using Spectre.Console;
using LlmTelemetry.Queries;

namespace LlmTelemetry.Cli.Commands
{
    /// <summary>`performance`: avg, p50, p95, p99 latency and the slowest operations.</summary>
    internal static class PerformanceCommand
    {
        public static Command Create() => UsageCommand.Create("performance", "Latency: avg, p50, p95, p99 and the slowest operations (default: the last 7 days)", JsonFields, Tables);

        internal static void JsonFields(Utf8JsonWriter w, UsageStats s)
        {
            JsonOut.NumberOrNull(w, "success_rate", s.SuccessRate);
            JsonOut.NumberOrNull(w, "avg_duration_ms", s.AvgDurationMs);
            JsonOut.NumberOrNull(w, "p50_duration_ms", s.P50DurationMs);
            JsonOut.NumberOrNull(w, "p95_duration_ms", s.P95DurationMs);
            JsonOut.NumberOrNull(w, "p99_duration_ms", s.P99DurationMs);
            JsonOut.NamedList(w, "slowest_operations", s.SlowestOperations);
        }

        private static void Tables(DateRange? range, UsageStats s)
        {
            var latency = Human.NewTable($"Latency, {range?.SinceText} .. {range?.UntilText}", "Calls", "Success", "Avg ms", "p50 ms", "p95 ms", "p99 ms");
            latency.AddRow(Human.N(s.Calls), Human.Pct(s.SuccessRate), Human.Ms(s.AvgDurationMs), Human.Ms(s.P50DurationMs), Human.Ms(s.P95DurationMs), Human.Ms(s.P99DurationMs));
            Human.Console.Write(latency);
            var slow = Human.NewTable("Slowest operations (by p95)", "Operation", "Calls", "Avg ms", "p95 ms", "Failed");
            foreach (var o in s.SlowestOperations) slow.AddRow(Human.E(o.Name), Human.N(o.Calls), Human.Ms(o.AvgDurationMs), Human.Ms(o.P95DurationMs), Human.N(o.FailedCalls));
            Human.Console.Write(slow);
        }
    }
}
