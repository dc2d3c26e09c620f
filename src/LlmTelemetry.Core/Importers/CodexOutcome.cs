using System;
using System.Collections.Generic;

namespace LlmTelemetry.Importers
{
    internal sealed class CodexOutcome : FileOutcome
    {
        public CodexOutcome(LogFile file) : base(file)
        {
        }

        public List<CodexEntry> Entries { get; } = new List<CodexEntry>();

        /// <summary>
        /// token_count lines that count no new call: a total repeated (the same call reported again), or the copy of
        /// its parent's history a forked or spawned rollout starts with.
        /// </summary>
        public long Repeats { get; set; }
    }
}
