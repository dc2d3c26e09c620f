using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Text.Json;
using LlmTelemetry.Internal;

namespace LlmTelemetry.Records
{
    /// <summary>
    /// Reads one record line with a Utf8JsonReader. Every query, summary and report reads records through here, so it
    /// is written for speed: the names that repeat on every line (model, agent, project, host, …) are decoded once
    /// per reader and shared, and no intermediate document is built. Unknown fields are skipped (forward compatible),
    /// a field of the wrong JSON type makes the line unreadable, and the result is validated like any record.
    /// Not thread-safe: one reader per thread (<see cref="RecordSerializer"/> keeps one per thread).
    /// </summary>
    internal sealed class RecordReader
    {
        private readonly Utf8StringCache _eventTypes = new Utf8StringCache(4, strict: true);
        private readonly Utf8StringCache _providers = new Utf8StringCache(8, strict: true);
        private readonly Utf8StringCache _models = new Utf8StringCache(16, strict: true);
        private readonly Utf8StringCache _agents = new Utf8StringCache(16, strict: true);
        private readonly Utf8StringCache _operations = new Utf8StringCache(16, strict: true);
        private readonly Utf8StringCache _sessions = new Utf8StringCache(256, strict: true);
        private readonly Utf8StringCache _users = new Utf8StringCache(8, strict: true);
        private readonly Utf8StringCache _projects = new Utf8StringCache(8, strict: true);
        private readonly Utf8StringCache _branches = new Utf8StringCache(8, strict: true);
        private readonly Utf8StringCache _hosts = new Utf8StringCache(4, strict: true);
        private readonly Utf8StringCache _sources = new Utf8StringCache(4, strict: true);
        private readonly Utf8StringCache _errors = new Utf8StringCache(16, strict: true);

        [MethodImpl(HotPath.AggressiveOptimization)]
        public TelemetryRecord Read(ReadOnlySpan<byte> line)
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject) throw new JsonException("a record line must be a JSON object");
            int v = TelemetryRecord.CurrentSchemaVersion;
            string id = "", eventType = TelemetryRecord.LlmCallEvent;
            string? provider = null, model = null, agent = null, operation = null, session = null, user = null, promptHash = null, responseHash = null;
            DateTimeOffset timestamp = default;
            long? duration = null;
            double? cost = null;
            bool success = true;
            TokenUsage tokens = TokenUsage.Zero;
            RecordMetadata metadata = RecordMetadata.Empty;
            JsonPayload? payload = null;

            while (true)
            {
                if (!reader.Read()) throw new JsonException("the line ends inside the record");
                if (reader.TokenType == JsonTokenType.EndObject) break;
                if (reader.TokenType != JsonTokenType.PropertyName) throw new JsonException("expected a property name");
                var name = reader.ValueSpan;
                bool escapedName = reader.ValueIsEscaped;
                if (!reader.Read()) throw new JsonException("the line ends inside the record");
                if (escapedName)
                {
                    // Escaped property names never come from our writer; compare them decoded.
                    var decoded = reader.GetString();
                    reader.Skip();
                    throw new JsonException($"unexpected escaped property name near '{decoded}'");
                }
                switch (name.Length)
                {
                    case 1 when name[0] == (byte)'v': v = reader.GetInt32(); break;
                    case 2 when name.SequenceEqual("id"u8): id = RequiredString(ref reader, "id"); break;
                    case 9 when name.SequenceEqual("timestamp"u8): timestamp = Timestamp(ref reader); break;
                    case 10 when name.SequenceEqual("event_type"u8): eventType = Pooled(ref reader, _eventTypes) ?? throw new JsonException("event_type must not be null"); break;
                    case 8 when name.SequenceEqual("provider"u8): provider = Pooled(ref reader, _providers); break;
                    case 5 when name.SequenceEqual("model"u8): model = Pooled(ref reader, _models); break;
                    case 10 when name.SequenceEqual("agent_name"u8): agent = Pooled(ref reader, _agents); break;
                    case 9 when name.SequenceEqual("operation"u8): operation = Pooled(ref reader, _operations); break;
                    case 10 when name.SequenceEqual("session_id"u8): session = Pooled(ref reader, _sessions); break;
                    case 7 when name.SequenceEqual("user_id"u8): user = Pooled(ref reader, _users); break;
                    case 11 when name.SequenceEqual("duration_ms"u8): duration = reader.TokenType == JsonTokenType.Null ? null : reader.GetInt64(); break;
                    case 6 when name.SequenceEqual("tokens"u8): tokens = Tokens(ref reader); break;
                    case 8 when name.SequenceEqual("cost_usd"u8): cost = reader.TokenType == JsonTokenType.Null ? null : reader.GetDouble(); break;
                    case 7 when name.SequenceEqual("success"u8): success = reader.GetBoolean(); break;
                    case 11 when name.SequenceEqual("prompt_hash"u8): promptHash = reader.TokenType == JsonTokenType.Null ? null : reader.GetString(); break;
                    case 13 when name.SequenceEqual("response_hash"u8): responseHash = reader.TokenType == JsonTokenType.Null ? null : reader.GetString(); break;
                    case 8 when name.SequenceEqual("metadata"u8): metadata = Metadata(ref reader); break;
                    case 7 when name.SequenceEqual("payload"u8): payload = Payload(ref reader); break;
                    default: reader.Skip(); break;
                }
            }
            // One line, one record: trailing text or a second value would otherwise be dropped without a word.
            if (reader.Read()) throw new JsonException("the line continues after the record");
            return new TelemetryRecord
            {
                SchemaVersion = v,
                Id = id,
                Timestamp = timestamp,
                EventType = eventType,
                Provider = provider,
                Model = model,
                AgentName = agent,
                Operation = operation,
                SessionId = session,
                UserId = user,
                DurationMs = duration,
                Tokens = tokens,
                CostUsd = cost,
                Success = success,
                PromptHash = promptHash,
                ResponseHash = responseHash,
                Metadata = metadata,
                Payload = payload,
            };
        }

        private static string RequiredString(ref Utf8JsonReader reader, string field)
        {
            if (reader.TokenType != JsonTokenType.String) throw new JsonException($"{field} must be a string");
            return reader.GetString()!;
        }

        private static string? Pooled(ref Utf8JsonReader reader, Utf8StringCache cache)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            if (reader.TokenType != JsonTokenType.String) throw new JsonException("expected a string");
            return reader.ValueIsEscaped ? reader.GetString() : cache.Get(reader.ValueSpan);
        }

        private static DateTimeOffset Timestamp(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.String) throw new JsonException("timestamp must be an ISO-8601 string");
            if (!reader.ValueIsEscaped && UtcTimestampConverter.TryParseUtcFast(reader.ValueSpan, out var fast)) return fast;
            var text = reader.GetString();
            if (UtcTimestampConverter.TryParse(text, out var value)) return value;
            throw new JsonException($"timestamp '{text}' is not an ISO-8601 date and time");
        }

        private static TokenUsage Tokens(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null) throw new JsonException("tokens must be an object");
            if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("tokens must be an object");
            long input = 0, output = 0, write = 0, write1h = 0, read = 0, reasoning = 0, total = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueSpan;
                reader.Read();
                if (name.SequenceEqual("input"u8)) input = reader.GetInt64();
                else if (name.SequenceEqual("output"u8)) output = reader.GetInt64();
                else if (name.SequenceEqual("cache_creation_input"u8)) write = reader.GetInt64();
                else if (name.SequenceEqual("cache_creation_1h_input"u8)) write1h = reader.GetInt64();
                else if (name.SequenceEqual("cache_read_input"u8)) read = reader.GetInt64();
                else if (name.SequenceEqual("reasoning"u8)) reasoning = reader.GetInt64();
                else if (name.SequenceEqual("total"u8)) total = reader.GetInt64();
                else reader.Skip();
            }
            if (reader.TokenType != JsonTokenType.EndObject) throw new JsonException("tokens must be an object of numbers");
            return new TokenUsage
            {
                Input = input, Output = output, CacheCreationInput = write, CacheCreation1hInput = write1h,
                CacheReadInput = read, Reasoning = reasoning, Total = total,
            };
        }

        private RecordMetadata Metadata(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null) return RecordMetadata.Empty;
            if (reader.TokenType != JsonTokenType.StartObject) throw new JsonException("metadata must be an object");
            string? project = null, branch = null, host = null, error = null, source = null;
            Dictionary<string, JsonElement>? extra = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var name = reader.ValueSpan;
                bool known = !reader.ValueIsEscaped;
                string? extraName = known ? null : reader.GetString();
                reader.Read();
                if (known && name.SequenceEqual("project"u8)) project = Pooled(ref reader, _projects);
                else if (known && name.SequenceEqual("git_branch"u8)) branch = Pooled(ref reader, _branches);
                else if (known && name.SequenceEqual("host"u8)) host = Pooled(ref reader, _hosts);
                else if (known && name.SequenceEqual("error"u8)) error = Pooled(ref reader, _errors);
                else if (known && name.SequenceEqual("source"u8)) source = Pooled(ref reader, _sources);
                else
                {
                    // Fields another writer added survive a round trip through our store.
                    extraName ??= System.Text.Encoding.UTF8.GetString(name.ToArray());
                    using var doc = JsonDocument.ParseValue(ref reader);
                    (extra ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal))[extraName] = doc.RootElement.Clone();
                }
            }
            if (reader.TokenType != JsonTokenType.EndObject) throw new JsonException("metadata must be an object");
            if (project is null && branch is null && host is null && error is null && source is null && extra is null) return RecordMetadata.Empty;
            var metadata = new RecordMetadata { Project = project, GitBranch = branch, Host = host, Error = error, Source = source };
            if (extra is not null) metadata.Extra = extra;
            return metadata;
        }

        private static JsonPayload? Payload(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            using var doc = JsonDocument.ParseValue(ref reader);
            return JsonPayload.FromElement(doc.RootElement);
        }
    }
}
