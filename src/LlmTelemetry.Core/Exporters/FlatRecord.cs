using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using LlmTelemetry.Records;

namespace LlmTelemetry.Exporters
{
    /// <summary>
    /// The flat, one-value-per-column view of a record that CSV export, Export-Csv and spreadsheets want.
    /// The column list is defined once here so the CLI's CSV and the cmdlets' objects agree.
    /// </summary>
    public static class FlatRecord
    {
        public static readonly IReadOnlyList<string> Columns = new[]
        {
            "id", "timestamp", "event_type", "provider", "model", "agent_name", "operation", "session_id", "user_id",
            "duration_ms", "input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_creation_1h_input_tokens",
            "cache_read_input_tokens", "reasoning_tokens", "total_tokens", "cost_usd", "success", "error", "project",
            "git_branch", "host", "source", "prompt_hash", "response_hash", "payload",
        };

        /// <summary>
        /// The columns that hold numbers (durations, tokens, cost), formatted by us from numbers: written as they are,
        /// a negative one included, so a spreadsheet reads them as numbers. Every other column is text from a record.
        /// </summary>
        internal static readonly IReadOnlyList<int> NumberColumns = new[]
        {
            "duration_ms", "input_tokens", "output_tokens", "cache_creation_input_tokens", "cache_creation_1h_input_tokens",
            "cache_read_input_tokens", "reasoning_tokens", "total_tokens", "cost_usd",
        }.Select(name => Columns.ToList().IndexOf(name)).ToArray();

        /// <summary>The values in <see cref="Columns"/> order, formatted invariantly (null stays null: an empty cell).</summary>
        public static string?[] Values(TelemetryRecord r)
        {
            var t = r.Tokens;
            return new[]
            {
                r.Id, UtcTimestampConverter.ToText(r.Timestamp), r.EventType, r.Provider, r.Model, r.AgentName, r.Operation,
                r.SessionId, r.UserId, Num(r.DurationMs), Num(t.Input), Num(t.Output), Num(t.CacheCreationInput),
                Num(t.CacheCreation1hInput), Num(t.CacheReadInput), Num(t.Reasoning), Num(t.Total),
                r.CostUsd?.ToString("0.##########", CultureInfo.InvariantCulture), r.Success ? "true" : "false",
                r.Metadata.Error, r.Metadata.Project, r.Metadata.GitBranch, r.Metadata.Host, r.Metadata.Source,
                r.PromptHash, r.ResponseHash, r.Payload is { IsEmpty: false } p ? p.Json : null,
            };
        }

        private static string? Num(long? v) => v?.ToString(CultureInfo.InvariantCulture);
    }
}
