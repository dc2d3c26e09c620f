using System;
using System.Text.Json;

namespace LlmTelemetry.Records
{
    /// <summary>
    /// Writes a record's JSON by hand, field by field, in the order and form the source-generated contract
    /// (<see cref="RecordJsonContext"/>) defines. The generator cannot emit its fast path for this type (the timestamp
    /// and payload have their own converters), so it falls back to metadata-driven serialisation; appending is the
    /// hot path and that fallback was a quarter of an append. A test holds both to identical bytes.
    /// </summary>
    internal static class RecordWriter
    {
        // The names a flat row shares with the record (ClickHouseRows) are internal, so each is encoded once.
        private static readonly JsonEncodedText V = JsonEncodedText.Encode("v");
        internal static readonly JsonEncodedText Id = JsonEncodedText.Encode("id");
        internal static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("timestamp");
        internal static readonly JsonEncodedText EventType = JsonEncodedText.Encode("event_type");
        internal static readonly JsonEncodedText Provider = JsonEncodedText.Encode("provider");
        internal static readonly JsonEncodedText Model = JsonEncodedText.Encode("model");
        internal static readonly JsonEncodedText AgentName = JsonEncodedText.Encode("agent_name");
        internal static readonly JsonEncodedText Operation = JsonEncodedText.Encode("operation");
        internal static readonly JsonEncodedText SessionId = JsonEncodedText.Encode("session_id");
        internal static readonly JsonEncodedText UserId = JsonEncodedText.Encode("user_id");
        internal static readonly JsonEncodedText DurationMs = JsonEncodedText.Encode("duration_ms");
        private static readonly JsonEncodedText Tokens = JsonEncodedText.Encode("tokens");
        private static readonly JsonEncodedText Input = JsonEncodedText.Encode("input");
        private static readonly JsonEncodedText Output = JsonEncodedText.Encode("output");
        private static readonly JsonEncodedText CacheCreationInput = JsonEncodedText.Encode("cache_creation_input");
        private static readonly JsonEncodedText CacheCreation1hInput = JsonEncodedText.Encode("cache_creation_1h_input");
        private static readonly JsonEncodedText CacheReadInput = JsonEncodedText.Encode("cache_read_input");
        private static readonly JsonEncodedText Reasoning = JsonEncodedText.Encode("reasoning");
        private static readonly JsonEncodedText Total = JsonEncodedText.Encode("total");
        internal static readonly JsonEncodedText CostUsd = JsonEncodedText.Encode("cost_usd");
        internal static readonly JsonEncodedText Success = JsonEncodedText.Encode("success");
        internal static readonly JsonEncodedText PromptHash = JsonEncodedText.Encode("prompt_hash");
        internal static readonly JsonEncodedText ResponseHash = JsonEncodedText.Encode("response_hash");
        private static readonly JsonEncodedText Metadata = JsonEncodedText.Encode("metadata");
        internal static readonly JsonEncodedText Project = JsonEncodedText.Encode("project");
        internal static readonly JsonEncodedText GitBranch = JsonEncodedText.Encode("git_branch");
        internal static readonly JsonEncodedText Host = JsonEncodedText.Encode("host");
        internal static readonly JsonEncodedText Error = JsonEncodedText.Encode("error");
        internal static readonly JsonEncodedText Source = JsonEncodedText.Encode("source");
        internal static readonly JsonEncodedText Payload = JsonEncodedText.Encode("payload");

        public static void Write(Utf8JsonWriter w, TelemetryRecord r)
        {
            w.WriteStartObject();
            w.WriteNumber(V, r.SchemaVersion);
            w.WriteString(Id, r.Id);
            Span<byte> stamp = stackalloc byte[UtcTimestampConverter.MaxUtf8Length];
            w.WriteString(Timestamp, stamp.Slice(0, UtcTimestampConverter.FormatUtf8(r.Timestamp, stamp)));
            w.WriteString(EventType, r.EventType);
            w.WriteString(Provider, r.Provider);
            w.WriteString(Model, r.Model);
            w.WriteString(AgentName, r.AgentName);
            w.WriteString(Operation, r.Operation);
            w.WriteString(SessionId, r.SessionId);
            w.WriteString(UserId, r.UserId);
            if (r.DurationMs is long duration) w.WriteNumber(DurationMs, duration);
            else w.WriteNull(DurationMs);
            WriteTokens(w, r.Tokens);
            if (r.CostUsd is double cost) w.WriteNumber(CostUsd, cost);
            else w.WriteNull(CostUsd);
            w.WriteBoolean(Success, r.Success);
            w.WriteString(PromptHash, r.PromptHash);
            w.WriteString(ResponseHash, r.ResponseHash);
            WriteMetadata(w, r.Metadata);
            if (r.Payload is null) w.WriteNull(Payload);
            else
            {
                w.WritePropertyName(Payload);
                w.WriteRawValue(r.Payload.Json, skipInputValidation: true);
            }
            w.WriteEndObject();
        }

        /// <summary>The contract writes null for a missing nested object; records built in code never have one.</summary>
        private static bool StartObjectOrNull(Utf8JsonWriter w, JsonEncodedText name, object? value)
        {
            if (value is null)
            {
                w.WriteNull(name);
                return false;
            }
            w.WriteStartObject(name);
            return true;
        }

        private static void WriteTokens(Utf8JsonWriter w, TokenUsage t)
        {
            if (!StartObjectOrNull(w, Tokens, t)) return;
            w.WriteNumber(Input, t.Input);
            w.WriteNumber(Output, t.Output);
            w.WriteNumber(CacheCreationInput, t.CacheCreationInput);
            w.WriteNumber(CacheCreation1hInput, t.CacheCreation1hInput);
            w.WriteNumber(CacheReadInput, t.CacheReadInput);
            w.WriteNumber(Reasoning, t.Reasoning);
            w.WriteNumber(Total, t.Total);
            w.WriteEndObject();
        }

        private static void WriteMetadata(Utf8JsonWriter w, RecordMetadata m)
        {
            if (!StartObjectOrNull(w, Metadata, m)) return;
            w.WriteString(Project, m.Project);
            w.WriteString(GitBranch, m.GitBranch);
            w.WriteString(Host, m.Host);
            w.WriteString(Error, m.Error);
            w.WriteString(Source, m.Source);
            if (m.Extra is not null)
            {
                // Fields other writers put in metadata survive a round trip, after ours (as extension data does).
                foreach (var pair in m.Extra)
                {
                    w.WritePropertyName(pair.Key);
                    pair.Value.WriteTo(w);
                }
            }
            w.WriteEndObject();
        }
    }
}
