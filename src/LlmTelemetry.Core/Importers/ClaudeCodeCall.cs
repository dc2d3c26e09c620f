using LlmTelemetry.Internal;

namespace LlmTelemetry.Importers
{
    /// <summary>
    /// One call as a Claude Code log reports it, in 48 bytes: which call it is, and its best line so far (where it
    /// starts and its token total). The call itself is read again from that line when it is written, so an import
    /// holds a few dozen bytes per call, not the call (keeping the calls made a 600 MB log take 745 MB).
    /// </summary>
    internal struct ClaudeCodeCall
    {
        /// <summary>message.id + requestId; unset when <see cref="HasKey"/> is false (the line is its own call).</summary>
        public Hash128 Key;
        public long Total;
        public long Offset;
        public long Line;

        /// <summary>Further lines of the same call in the same file, folded into this one as they were read.</summary>
        public int Collapsed;

        public bool HasKey;
        public bool Fast;


        /// <summary>
        /// The rule Choose applies across files, and reading applies within one: the larger token total wins, ties go to
        /// the first seen, then to a line that names its speed. Folding in reading order gives the same winner as one pass.
        /// </summary>
        public static bool IsBetter(long total, bool fast, in ClaudeCodeCall current) => IsBetter(total, fast, current.Total, current.Fast);

        public static bool IsBetter(long total, bool fast, long currentTotal, bool currentFast)
            => total > currentTotal || (total == currentTotal && fast && !currentFast);
    }
}
