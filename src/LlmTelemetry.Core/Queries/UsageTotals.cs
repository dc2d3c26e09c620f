using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;
using LlmTelemetry.Records;

namespace LlmTelemetry.Queries
{
    /// <summary>
    /// Running totals over a set of records: the one accumulator behind day summaries, cost rows and stats, so
    /// every report counts calls, tokens, cost and unpriced calls the same way. Not thread-safe.
    /// </summary>
    public sealed class UsageTotals
    {
        /// <summary>Every event (llm_call and others).</summary>
        [JsonPropertyName("events")] public long Events { get; set; }

        /// <summary>llm_call events.</summary>
        [JsonPropertyName("calls")] public long Calls { get; set; }

        [JsonPropertyName("failed")] public long Failed { get; set; }
        [JsonPropertyName("input")] public long InputTokens { get; set; }
        [JsonPropertyName("output")] public long OutputTokens { get; set; }
        [JsonPropertyName("cache_creation_input")] public long CacheCreationInputTokens { get; set; }
        [JsonPropertyName("cache_creation_1h_input")] public long CacheCreation1hInputTokens { get; set; }
        [JsonPropertyName("cache_read_input")] public long CacheReadInputTokens { get; set; }
        [JsonPropertyName("reasoning")] public long ReasoningTokens { get; set; }
        [JsonPropertyName("total")] public long TotalTokens { get; set; }

        /// <summary>Sum over priced records only; see <see cref="UnpricedCalls"/> for what it leaves out.</summary>
        [JsonPropertyName("cost_usd")] public double CostUsd { get; set; }

        /// <summary>llm_call events whose model had no price (cost null): the total is incomplete when this is not 0.</summary>
        [JsonPropertyName("unpriced_calls")] public long UnpricedCalls { get; set; }

        [JsonPropertyName("duration_sum_ms")] public long DurationSumMs { get; set; }
        [JsonPropertyName("duration_count")] public long DurationCount { get; set; }
        [JsonPropertyName("first")] public DateTimeOffset? First { get; set; }
        [JsonPropertyName("last")] public DateTimeOffset? Last { get; set; }

        /// <summary>Distinct session ids seen (for session counts and cost per session).</summary>
        [JsonPropertyName("sessions")] public HashSet<string> Sessions
        {
            get
            {
                if (_sessions is null)
                {
                    _sessions = new HashSet<string>(StringComparer.Ordinal);
                    if (_onlySession is not null) _sessions.Add(_onlySession);
                    _onlySession = null;
                }
                return _sessions;
            }
            set
            {
                _sessions = value;
                _onlySession = null;
            }
        }

        // A rollup cell has at most one session: it is kept as a string until a set is asked for, since a year of
        // history is tens of thousands of cells and a set each was most of the time a yearly report took.
        private HashSet<string>? _sessions;
        private string? _onlySession;

        /// <summary>Totals of one session's records (a rollup cell): the session without a set.</summary>
        internal void SetOnlySession(string? session)
        {
            _sessions = null;
            _onlySession = string.IsNullOrEmpty(session) ? null : session;
        }

        [JsonIgnore] public double? AvgDurationMs => DurationCount == 0 ? null : (double)DurationSumMs / DurationCount;
        [JsonIgnore] public double? SuccessRate => Calls == 0 ? null : (double)(Calls - FailedCalls) / Calls;

        /// <summary>Failed llm_call events (Failed counts every failed event).</summary>
        [JsonPropertyName("failed_calls")] public long FailedCalls { get; set; }

        /// <remarks>
        /// Every sum is checked: a total that passes Int64 (or a cost sum that reaches infinity) throws
        /// <see cref="TotalOverflowException"/> rather than wrap to a negative count or print "$Infinity". The records
        /// the store accepts are bounded (<see cref="RecordValidator.MaxTokens"/>), so only hundreds of millions of
        /// maximal records, or records built in code without validation, get there.
        /// </remarks>
        public void Add(TelemetryRecord r)
        {
            Events++;
            var t = r.Tokens;
            InputTokens = Sum(InputTokens, t.Input, "input_tokens");
            OutputTokens = Sum(OutputTokens, t.Output, "output_tokens");
            CacheCreationInputTokens = Sum(CacheCreationInputTokens, t.CacheCreationInput, "cache_creation_input_tokens");
            CacheCreation1hInputTokens = Sum(CacheCreation1hInputTokens, t.CacheCreation1hInput, "cache_creation_1h_input_tokens");
            CacheReadInputTokens = Sum(CacheReadInputTokens, t.CacheReadInput, "cache_read_input_tokens");
            ReasoningTokens = Sum(ReasoningTokens, t.Reasoning, "reasoning_tokens");
            TotalTokens = Sum(TotalTokens, t.Total, "total_tokens");
            if (!r.Success) Failed++;
            if (r.CostUsd is double cost) CostUsd = SumCost(CostUsd, cost);
            if (r.IsLlmCall)
            {
                Calls++;
                if (!r.Success) FailedCalls++;
                if (r.CostUsd is null) UnpricedCalls++;
            }
            if (r.DurationMs is long d)
            {
                DurationSumMs = Sum(DurationSumMs, d, "duration_ms");
                DurationCount++;
            }
            if (First is null || r.Timestamp < First) First = r.Timestamp;
            if (Last is null || r.Timestamp > Last) Last = r.Timestamp;
            if (!string.IsNullOrEmpty(r.SessionId)) Sessions.Add(r.SessionId!);
        }

        public void Merge(UsageTotals o) => Merge(o, includeSessions: true);

        /// <summary>Adds <paramref name="o"/>; without its sessions when the caller accounts for them another way. Checked like <see cref="Add"/>.</summary>
        public void Merge(UsageTotals o, bool includeSessions)
        {
            Events = Sum(Events, o.Events, "events");
            Calls = Sum(Calls, o.Calls, "calls");
            Failed = Sum(Failed, o.Failed, "failed");
            FailedCalls = Sum(FailedCalls, o.FailedCalls, "failed_calls");
            InputTokens = Sum(InputTokens, o.InputTokens, "input_tokens");
            OutputTokens = Sum(OutputTokens, o.OutputTokens, "output_tokens");
            CacheCreationInputTokens = Sum(CacheCreationInputTokens, o.CacheCreationInputTokens, "cache_creation_input_tokens");
            CacheCreation1hInputTokens = Sum(CacheCreation1hInputTokens, o.CacheCreation1hInputTokens, "cache_creation_1h_input_tokens");
            CacheReadInputTokens = Sum(CacheReadInputTokens, o.CacheReadInputTokens, "cache_read_input_tokens");
            ReasoningTokens = Sum(ReasoningTokens, o.ReasoningTokens, "reasoning_tokens");
            TotalTokens = Sum(TotalTokens, o.TotalTokens, "total_tokens");
            CostUsd = SumCost(CostUsd, o.CostUsd);
            UnpricedCalls = Sum(UnpricedCalls, o.UnpricedCalls, "unpriced_calls");
            DurationSumMs = Sum(DurationSumMs, o.DurationSumMs, "duration_ms");
            DurationCount = Sum(DurationCount, o.DurationCount, "duration_count");
            if (o.First is { } f && (First is null || f < First)) First = f;
            if (o.Last is { } l && (Last is null || l > Last)) Last = l;
            if (!includeSessions) return;
            if (o._sessions is { Count: > 0 } theirs) Sessions.UnionWith(theirs);
            else if (o._sessions is null && o._onlySession is not null) Sessions.Add(o._onlySession);
        }

        /// <summary>a + b, or <see cref="TotalOverflowException"/> naming the field when Int64 cannot hold it.</summary>
        internal static long Sum(long a, long b, string field)
        {
            long sum = unchecked(a + b);
            // Overflow iff both operands have the same sign and the result's differs: one branch, no exception frame.
            if (((a ^ sum) & (b ^ sum)) < 0) throw new TotalOverflowException(field);
            return sum;
        }

        /// <summary>a + b, or <see cref="TotalOverflowException"/> when the sum is not a finite number.</summary>
        internal static double SumCost(double a, double b)
        {
            double sum = a + b;
            if (double.IsNaN(sum) || double.IsInfinity(sum)) throw new TotalOverflowException("cost_usd");
            return sum;
        }
    }
}
