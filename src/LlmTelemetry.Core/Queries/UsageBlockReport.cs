using System;
using System.Collections.Generic;

namespace LlmTelemetry.Queries
{
    /// <summary>The blocks a query found, oldest first, and what they were measured against.</summary>
    public sealed class UsageBlockReport
    {
        internal UsageBlockReport(IReadOnlyList<UsageBlock> blocks, TimeSpan length, long? tokenLimit, long skippedLines, IReadOnlyList<DateTime> daysNotSearched)
        {
            Blocks = blocks;
            Length = length;
            TokenLimit = tokenLimit;
            SkippedLines = skippedLines;
            DaysNotSearched = daysNotSearched;
        }

        public IReadOnlyList<UsageBlock> Blocks { get; }
        public TimeSpan Length { get; }

        /// <summary>The limit in tokens (max resolved to a number); null when none was asked for, or max found no finished block.</summary>
        public long? TokenLimit { get; }

        public long SkippedLines { get; }

        /// <summary>History days a text search or an id filter could not be asked of (see <see cref="HistoryNotices"/>).</summary>
        public IReadOnlyList<DateTime> DaysNotSearched { get; }
    }
}
