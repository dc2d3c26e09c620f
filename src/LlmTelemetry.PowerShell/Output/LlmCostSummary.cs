using System;
using System.Management.Automation;
using LlmTelemetry.Output;
using LlmTelemetry.Queries;

namespace LlmTelemetry
{
    /// <summary>
    /// One cost row (or the total) from Measure-LlmCost and Get-LlmCost. The group key values are added as note
    /// properties named after the keys (Day, Model, Project, …) by <see cref="ToPSObject"/>, so Export-Csv writes
    /// exactly the key columns asked for, first, and no empty columns for keys not asked for; <see cref="Key"/> joins
    /// them for the table view, which needs a fixed set of columns.
    /// </summary>
    public sealed class LlmCostSummary
    {
        internal LlmCostSummary(CostRow row, TimeZoneInfo zone)
        {
            Key = row.IsTotal ? "Total" : row.KeyText;
            Calls = row.Calls;
            FailedCalls = row.FailedCalls;
            Sessions = row.Sessions;
            InputTokens = row.InputTokens;
            OutputTokens = row.OutputTokens;
            CacheCreationInputTokens = row.CacheCreationInputTokens;
            CacheReadInputTokens = row.CacheReadInputTokens;
            ReasoningTokens = row.ReasoningTokens;
            TotalTokens = row.TotalTokens;
            CostUsd = row.CostUsd;
            AvgCostPerSession = row.AvgCostPerSession;
            UnpricedCalls = row.UnpricedCalls;
            FirstCall = LocalTime.In(row.FirstCall, zone);
            LastCall = LocalTime.In(row.LastCall, zone);
            AvgDurationMs = row.AvgDurationMs;
        }

        /// <summary>The key values joined with " / " ("2026-11-20 / claude-sonnet-4-5"), or "Total".</summary>
        public string Key { get; }

        public long Calls { get; }
        public long FailedCalls { get; }
        public long Sessions { get; }
        public long InputTokens { get; }
        public long OutputTokens { get; }
        public long CacheCreationInputTokens { get; }
        public long CacheReadInputTokens { get; }
        public long ReasoningTokens { get; }
        public long TotalTokens { get; }

        /// <summary>Sum over priced calls; incomplete when <see cref="UnpricedCalls"/> is not 0.</summary>
        public double CostUsd { get; }

        public double? AvgCostPerSession { get; }
        public long UnpricedCalls { get; }
        public DateTime? FirstCall { get; }
        public DateTime? LastCall { get; }
        public double? AvgDurationMs { get; }

        public override string ToString() => Key;

        /// <summary>The row as PowerShell sees it: this object with one note property per group key, in the order asked for.</summary>
        internal static PSObject ToPSObject(CostRow row, TimeZoneInfo zone)
        {
            var wrapped = new PSObject(new LlmCostSummary(row, zone));
            foreach (var key in row.Key) wrapped.Properties.Add(new PSNoteProperty(key.Key.ToString(), key.Value));
            return wrapped;
        }
    }
}
