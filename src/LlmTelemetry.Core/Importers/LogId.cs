using LlmTelemetry.Internal;

namespace LlmTelemetry.Importers
{
    /// <summary>
    /// An id a log line carries (a message id, a request id, a line's uuid): always its hash, which is all that
    /// telling calls apart needs, and its text only when the parser was asked for it. The first pass over a log reads
    /// every line and keeps no id, so it makes no string for them: a tenth of an import's allocations.
    /// </summary>
    internal struct LogId
    {
        /// <summary>Set for a non-empty string value; null, "", another type or a missing field leave it unset.</summary>
        public bool IsSet;

        /// <summary><see cref="Hash128.OfBytes"/> of the unescaped UTF-8 value.</summary>
        public Hash128 Hash;

        /// <summary>The value, when the parser keeps texts (the pass that writes records); else null.</summary>
        public string? Text;
    }
}
