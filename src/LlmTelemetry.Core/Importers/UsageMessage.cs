using System;

namespace LlmTelemetry.Importers
{
    /// <summary>An assistant message: its ids, model and usage (from message, or from a progress line's data.message.message).</summary>
    internal struct UsageMessage
    {
        public bool Present;
        public bool HasUsage;
        public LogId Id;
        public string? Model;
        public LogId RequestId;
        public DateTimeOffset Timestamp;
        public bool HasTimestamp;
        public long Input;
        public long Output;
        public long CacheCreation;
        public long CacheRead;
        public long CacheCreation1h;
        public bool Fast;
    }
}
