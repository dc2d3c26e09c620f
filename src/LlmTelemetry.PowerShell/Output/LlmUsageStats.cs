using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using LlmTelemetry.Queries;

namespace LlmTelemetry
{
    /// <summary>
    /// Get-LlmUsageStats' answer, flat: the numbers as properties, and the top lists as readable text
    /// ("claude-sonnet-4-5 (412 calls, $3.10); …") so one Export-Csv row holds the whole report.
    /// </summary>
    public sealed class LlmUsageStats
    {
        internal LlmUsageStats(UsageStats s, TimeZoneInfo zone)
        {
            Start = s.Range?.SinceText;
            End = s.Range?.UntilText;
            TimeZone = TimeZones.Name(zone);
            Calls = s.Calls;
            FailedCalls = s.FailedCalls;
            SuccessRate = s.SuccessRate;
            Sessions = s.Sessions;
            InputTokens = s.InputTokens;
            OutputTokens = s.OutputTokens;
            CacheCreationInputTokens = s.CacheCreationInputTokens;
            CacheReadInputTokens = s.CacheReadInputTokens;
            ReasoningTokens = s.ReasoningTokens;
            TotalTokens = s.TotalTokens;
            CostUsd = s.CostUsd;
            UnpricedCalls = s.UnpricedCalls;
            AvgDurationMs = s.AvgDurationMs;
            P50DurationMs = s.P50DurationMs;
            P95DurationMs = s.P95DurationMs;
            P99DurationMs = s.P99DurationMs;
            SlowestOperations = Join(s.SlowestOperations.Select(o => $"{Name(o.Name)} (p95 {Ms(o.P95DurationMs)})"));
            PeakHours = Join(s.PeakHours.Select(h => $"{h.Label} ({h.Calls} calls)"));
            BusiestWeekday = s.BusiestWeekday;
            TopModels = Join(s.TopModels.Select(Usage));
            TopAgents = Join(s.TopAgents.Select(Usage));
            TopOperations = Join(s.TopOperations.Select(Usage));
            SkippedLines = s.SkippedLines;
        }

        /// <summary>First local date of the range (yyyy-MM-dd); null for the whole store.</summary>
        public string? Start { get; }

        public string? End { get; }
        public string TimeZone { get; }
        public long Calls { get; }
        public long FailedCalls { get; }

        /// <summary>Successful calls / calls, 0 to 1; null without calls.</summary>
        public double? SuccessRate { get; }

        public long Sessions { get; }
        public long InputTokens { get; }
        public long OutputTokens { get; }
        public long CacheCreationInputTokens { get; }
        public long CacheReadInputTokens { get; }
        public long ReasoningTokens { get; }
        public long TotalTokens { get; }
        public double CostUsd { get; }
        public long UnpricedCalls { get; }
        public double? AvgDurationMs { get; }
        public double? P50DurationMs { get; }
        public double? P95DurationMs { get; }
        public double? P99DurationMs { get; }
        public string SlowestOperations { get; }
        public string PeakHours { get; }
        public string? BusiestWeekday { get; }
        public string TopModels { get; }
        public string TopAgents { get; }
        public string TopOperations { get; }

        /// <summary>Unreadable lines skipped while reading (a torn last line after a crash, for example).</summary>
        public long SkippedLines { get; }

        private static string Usage(NamedUsage u)
            => $"{Name(u.Name)} ({u.Calls} calls, ${u.CostUsd.ToString("0.00##", CultureInfo.InvariantCulture)})";

        private static string Name(string? name) => string.IsNullOrEmpty(name) ? "(none)" : name!;

        private static string Ms(double? ms) => ms is double v ? v.ToString("0", CultureInfo.InvariantCulture) + " ms" : "n/a";

        private static string Join(IEnumerable<string> parts) => string.Join("; ", parts);
    }
}
