using System;
using System.Collections.Generic;

namespace LlmTelemetry.Queries
{
    /// <summary>
    /// One usage block (ccusage's session block): from its first call's UTC hour to that plus the block length, with
    /// the sums of its calls. ccusage's gap pseudo-blocks are not blocks here.
    /// </summary>
    public sealed class UsageBlock
    {
        internal UsageBlock(DateTimeOffset start, DateTimeOffset end, DateTimeOffset firstCall, DateTimeOffset actualEnd, bool isActive,
            long calls, long input, long output, long cacheCreation, long cacheRead, double costUsd, IReadOnlyList<string> models,
            UsageBlockBurnRate? burnRate, UsageBlockProjection? projection)
        {
            Start = start;
            End = end;
            FirstCall = firstCall;
            ActualEnd = actualEnd;
            IsActive = isActive;
            Calls = calls;
            InputTokens = input;
            OutputTokens = output;
            CacheCreationInputTokens = cacheCreation;
            CacheReadInputTokens = cacheRead;
            CostUsd = costUsd;
            Models = models;
            BurnRate = burnRate;
            Projection = projection;
        }

        /// <summary>The UTC hour of the block's first call.</summary>
        public DateTimeOffset Start { get; }

        /// <summary>Start plus the block length.</summary>
        public DateTimeOffset End { get; }

        public DateTimeOffset FirstCall { get; }

        /// <summary>The block's last call (ccusage's actualEndTime).</summary>
        public DateTimeOffset ActualEnd { get; }

        /// <summary>Less than a block length since its last call, and its end not reached.</summary>
        public bool IsActive { get; }

        public long Calls { get; }
        public long InputTokens { get; }
        public long OutputTokens { get; }
        public long CacheCreationInputTokens { get; }
        public long CacheReadInputTokens { get; }

        /// <summary>Input, output, cache creation and cache read tokens: ccusage's totalTokens.</summary>
        public long TotalTokens => InputTokens + OutputTokens + CacheCreationInputTokens + CacheReadInputTokens;

        /// <summary>Sum over priced calls (an unpriced call adds nothing, as in ccusage).</summary>
        public double CostUsd { get; }

        /// <summary>Distinct model names in the order of their first call.</summary>
        public IReadOnlyList<string> Models { get; }

        /// <summary>Null unless the block is active and its calls span more than an instant.</summary>
        public UsageBlockBurnRate? BurnRate { get; }

        /// <summary>Null whenever <see cref="BurnRate"/> is.</summary>
        public UsageBlockProjection? Projection { get; }

        /// <summary>Set when the query named a token limit.</summary>
        public UsageBlockLimit? Limit { get; private set; }

        internal UsageBlock WithLimit(long limit)
        {
            Limit = new UsageBlockLimit(limit, TotalTokens, Projection?.TotalTokens);
            return this;
        }
    }
}
