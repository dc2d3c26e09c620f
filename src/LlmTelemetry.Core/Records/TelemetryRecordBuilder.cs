using System;

namespace LlmTelemetry.Records
{
    /// <summary>
    /// Builds a valid <see cref="TelemetryRecord"/>: fills the id (a ULID), the timestamp (now), the token total,
    /// and validates. Every front end that records a call goes through here.
    /// </summary>
    public sealed class TelemetryRecordBuilder
    {
        private TelemetryRecord _record = new TelemetryRecord();
        private long _input, _output, _cacheWrite, _cacheWrite1h, _cacheRead, _reasoning;

        // Whether At was called: 0001-01-01T00:00:00Z is default(DateTimeOffset), and given on purpose it must be
        // refused by the validator, not silently replaced by now.
        private bool _timestampGiven;

        public TelemetryRecordBuilder Id(string id) { _record = _record with { Id = id }; return this; }
        public TelemetryRecordBuilder At(DateTimeOffset timestamp) { _record = _record with { Timestamp = timestamp.ToUniversalTime() }; _timestampGiven = true; return this; }
        /// <summary>Stored in the canonical form (<see cref="EventTypes.Normalize"/>), so "SessionStart" and "session_start" are one event type.</summary>
        public TelemetryRecordBuilder EventType(string eventType) { _record = _record with { EventType = EventTypes.Normalize(eventType) }; return this; }
        public TelemetryRecordBuilder Provider(string? provider) { _record = _record with { Provider = provider }; return this; }
        public TelemetryRecordBuilder Model(string? model) { _record = _record with { Model = model }; return this; }
        public TelemetryRecordBuilder Agent(string? agent) { _record = _record with { AgentName = agent }; return this; }
        public TelemetryRecordBuilder Operation(string? operation) { _record = _record with { Operation = operation }; return this; }
        public TelemetryRecordBuilder Session(string? session) { _record = _record with { SessionId = session }; return this; }
        public TelemetryRecordBuilder User(string? user) { _record = _record with { UserId = user }; return this; }
        public TelemetryRecordBuilder DurationMs(long? ms) { _record = _record with { DurationMs = ms }; return this; }
        public TelemetryRecordBuilder Cost(double? usd) { _record = _record with { CostUsd = usd }; return this; }
        public TelemetryRecordBuilder Success(bool success) { _record = _record with { Success = success }; return this; }
        public TelemetryRecordBuilder PromptHash(string? hash) { _record = _record with { PromptHash = hash }; return this; }
        public TelemetryRecordBuilder ResponseHash(string? hash) { _record = _record with { ResponseHash = hash }; return this; }
        public TelemetryRecordBuilder Metadata(RecordMetadata metadata) { _record = _record with { Metadata = metadata }; return this; }
        public TelemetryRecordBuilder Payload(JsonPayload? payload) { _record = _record with { Payload = payload }; return this; }

        public TelemetryRecordBuilder Error(string? error)
        {
            _record = _record with { Metadata = _record.Metadata with { Error = error } };
            if (error is not null) _record = _record with { Success = false };
            return this;
        }

        public TelemetryRecordBuilder Project(string? project) { _record = _record with { Metadata = _record.Metadata with { Project = project } }; return this; }
        public TelemetryRecordBuilder GitBranch(string? branch) { _record = _record with { Metadata = _record.Metadata with { GitBranch = branch } }; return this; }
        public TelemetryRecordBuilder Host(string? host) { _record = _record with { Metadata = _record.Metadata with { Host = host } }; return this; }
        public TelemetryRecordBuilder Source(string? source) { _record = _record with { Metadata = _record.Metadata with { Source = source } }; return this; }

        public TelemetryRecordBuilder Tokens(long input = 0, long output = 0, long cacheCreationInput = 0,
            long cacheCreation1hInput = 0, long cacheReadInput = 0, long reasoning = 0)
        {
            _input = input; _output = output; _cacheWrite = cacheCreationInput;
            _cacheWrite1h = cacheCreation1hInput; _cacheRead = cacheReadInput; _reasoning = reasoning;
            return this;
        }

        public TelemetryRecordBuilder Tokens(TokenUsage usage)
            => Tokens(usage.Input, usage.Output, usage.CacheCreationInput, usage.CacheCreation1hInput, usage.CacheReadInput, usage.Reasoning);

        /// <summary>Fills what is missing and validates; throws <see cref="TelemetryValidationException"/> naming the bad field.</summary>
        public TelemetryRecord Build()
        {
            var record = _record with
            {
                Tokens = TokenUsage.Create(_input, _output, _cacheWrite, _cacheWrite1h, _cacheRead, _reasoning),
                Timestamp = _timestampGiven ? _record.Timestamp : DateTimeOffset.UtcNow,
            };
            if (string.IsNullOrEmpty(record.Id)) record = record with { Id = RecordIds.NewUlid(record.Timestamp) };
            RecordValidator.Validate(record);
            RecordValidator.ValidateNames(record);
            return record;
        }
    }
}
