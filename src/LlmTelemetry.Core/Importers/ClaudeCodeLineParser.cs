using System;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using LlmTelemetry.Internal;

namespace LlmTelemetry.Importers
{
    /// <summary>
    /// Reads one Claude Code line with a Utf8JsonReader: no document, and no strings for the fields it does not need
    /// (content blocks, tool inputs and thinking are skipped as tokens). One parser per file; not thread-safe.
    /// </summary>
    internal sealed class ClaudeCodeLineParser
    {
        private static readonly JsonReaderOptions ReaderOptions = new JsonReaderOptions { MaxDepth = 256 };
        private readonly Utf8StringCache _sessions = new Utf8StringCache(2);
        private readonly Utf8StringCache _cwds = new Utf8StringCache(2);
        private readonly Utf8StringCache _branches = new Utf8StringCache(2);
        private readonly Utf8StringCache _agents = new Utf8StringCache(4);
        private readonly Utf8StringCache _models = new Utf8StringCache(4);
        private readonly bool _idTexts;

        /// <param name="idTexts">Keep the text of message ids, request ids and uuids, not only their hashes (<see cref="LogId"/>).</param>
        public ClaudeCodeLineParser(bool idTexts = true) => _idTexts = idTexts;

        /// <summary>The quick test that spares a parse: only lines with this key can carry usage.</summary>
        public static ReadOnlySpan<byte> UsageMarker => "\"usage\""u8;

        [MethodImpl(HotPath.AggressiveOptimization)]
        public LineKind Parse(ReadOnlySpan<byte> line, out ClaudeCodeLine result, out string? problem)
        {
            result = default;
            problem = null;
            try
            {
                var reader = new Utf8JsonReader(line, ReaderOptions);
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    problem = "not a JSON object";
                    return LineKind.Malformed;
                }
                bool isProgressType = false;
                bool agentProgress = false;
                UsageMessage progressMessage = default;
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("message"u8))
                    {
                        reader.Read();
                        if (reader.TokenType == JsonTokenType.StartObject) ReadMessage(ref reader, ref result.Message);
                        else reader.Skip();
                    }
                    else if (reader.ValueTextEquals("timestamp"u8))
                    {
                        reader.Read();
                        result.HasTimestamp = LogValueReader.TryTimestamp(ref reader, out result.Timestamp);
                    }
                    else if (reader.ValueTextEquals("sessionId"u8)) { reader.Read(); result.SessionId = ReadString(ref reader, _sessions); }
                    else if (reader.ValueTextEquals("cwd"u8)) { reader.Read(); result.Cwd = ReadString(ref reader, _cwds); }
                    else if (reader.ValueTextEquals("gitBranch"u8)) { reader.Read(); result.GitBranch = ReadString(ref reader, _branches); }
                    else if (reader.ValueTextEquals("agentId"u8)) { reader.Read(); result.AgentId = ReadString(ref reader, _agents); }
                    else if (reader.ValueTextEquals("requestId"u8)) { reader.Read(); result.RequestId = ReadId(ref reader); }
                    else if (reader.ValueTextEquals("uuid"u8)) { reader.Read(); result.Uuid = ReadId(ref reader); }
                    else if (reader.ValueTextEquals("parentToolUseID"u8)) { reader.Read(); result.ParentToolUseId = ReadString(ref reader, _agents); }
                    else if (reader.ValueTextEquals("isSidechain"u8))
                    {
                        reader.Read();
                        result.IsSidechain = reader.TokenType == JsonTokenType.True;
                    }
                    else if (reader.ValueTextEquals("costUSD"u8))
                    {
                        reader.Read();
                        result.CostUsd = ReadCost(ref reader);
                    }
                    else if (reader.ValueTextEquals("type"u8))
                    {
                        reader.Read();
                        isProgressType = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("progress"u8);
                    }
                    else if (reader.ValueTextEquals("data"u8))
                    {
                        reader.Read();
                        if (reader.TokenType == JsonTokenType.StartObject) ReadData(ref reader, ref progressMessage, ref agentProgress, ref result.ProgressAgentId);
                        else reader.Skip();
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }

                // A subagent's call, reported in the parent's log while it runs.
                if (isProgressType && agentProgress && progressMessage.HasUsage)
                {
                    result.IsProgress = true;
                    result.Message = progressMessage;
                    result.RequestId = progressMessage.RequestId;
                    if (progressMessage.HasTimestamp)
                    {
                        result.Timestamp = progressMessage.Timestamp;
                        result.HasTimestamp = true;
                    }
                }
                if (!result.Message.HasUsage) return LineKind.NoUsage;
                if (!result.HasTimestamp)
                {
                    problem = "usage without a valid timestamp";
                    return LineKind.Malformed;
                }
                return LineKind.Usage;
            }
            catch (Exception ex) when (MalformedJson.Is(ex))
            {
                problem = MalformedJson.Describe(ex);
                return LineKind.Malformed;
            }
        }

        [MethodImpl(HotPath.AggressiveOptimization)]
        private void ReadData(ref Utf8JsonReader reader, ref UsageMessage message, ref bool agentProgress, ref string? agentId)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    agentProgress = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("agent_progress"u8);
                }
                else if (reader.ValueTextEquals("agentId"u8))
                {
                    reader.Read();
                    agentId = ReadString(ref reader, _agents);
                }
                else if (reader.ValueTextEquals("message"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartObject) ReadProgressEnvelope(ref reader, ref message);
                    else reader.Skip();
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }

        // data.message: {type, timestamp, requestId, message:{…usage…}}
        [MethodImpl(HotPath.AggressiveOptimization)]
        private void ReadProgressEnvelope(ref Utf8JsonReader reader, ref UsageMessage message)
        {
            LogId requestId = default;
            DateTimeOffset at = default;
            bool hasAt = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("message"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartObject) ReadMessage(ref reader, ref message);
                    else reader.Skip();
                }
                else if (reader.ValueTextEquals("requestId"u8)) { reader.Read(); requestId = ReadId(ref reader); }
                else if (reader.ValueTextEquals("timestamp"u8)) { reader.Read(); hasAt = LogValueReader.TryTimestamp(ref reader, out at); }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            message.RequestId = requestId;
            message.Timestamp = at;
            message.HasTimestamp = hasAt;
        }

        [MethodImpl(HotPath.AggressiveOptimization)]
        private void ReadMessage(ref Utf8JsonReader reader, ref UsageMessage message)
        {
            message.Present = true;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("usage"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartObject) ReadUsage(ref reader, ref message);
                    // null is "no usage"; a usage that is a string or a number is a line we cannot read, and says so.
                    else if (reader.TokenType != JsonTokenType.Null) throw new FormatException("usage is not an object");
                }
                else if (reader.ValueTextEquals("id"u8)) { reader.Read(); message.Id = ReadId(ref reader); }
                else if (reader.ValueTextEquals("model"u8)) { reader.Read(); message.Model = ReadString(ref reader, _models); }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }

        [MethodImpl(HotPath.AggressiveOptimization)]
        private static void ReadUsage(ref Utf8JsonReader reader, ref UsageMessage message)
        {
            bool hasInput = false, hasOutput = false, hasCacheCreation = false;
            long cache5m = 0, cache1h = 0;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("input_tokens"u8)) { reader.Read(); message.Input = ReadCount(ref reader, "input_tokens"); hasInput = true; }
                else if (reader.ValueTextEquals("output_tokens"u8)) { reader.Read(); message.Output = ReadCount(ref reader, "output_tokens"); hasOutput = true; }
                else if (reader.ValueTextEquals("cache_creation_input_tokens"u8))
                {
                    reader.Read();
                    message.CacheCreation = ReadCount(ref reader, "cache_creation_input_tokens");
                    hasCacheCreation = reader.TokenType != JsonTokenType.Null;
                }
                else if (reader.ValueTextEquals("cache_read_input_tokens"u8)) { reader.Read(); message.CacheRead = ReadCount(ref reader, "cache_read_input_tokens"); }
                else if (reader.ValueTextEquals("speed"u8))
                {
                    reader.Read();
                    message.Fast = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("fast"u8);
                }
                else if (reader.ValueTextEquals("cache_creation"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartObject)
                    {
                        reader.Skip();
                        continue;
                    }
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (reader.ValueTextEquals("ephemeral_1h_input_tokens"u8)) { reader.Read(); cache1h = ReadCount(ref reader, "cache_creation.ephemeral_1h_input_tokens"); }
                        else if (reader.ValueTextEquals("ephemeral_5m_input_tokens"u8)) { reader.Read(); cache5m = ReadCount(ref reader, "cache_creation.ephemeral_5m_input_tokens"); }
                        else
                        {
                            reader.Read();
                            reader.Skip();
                        }
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
            // ccusage's rule: a usage object counts only with numeric input and output tokens.
            if (!hasInput || !hasOutput) throw new FormatException("usage without input_tokens and output_tokens");
            message.CacheCreation1h = cache1h;
            // Without the total, the writes are the sum of their lifetimes' split (each is a count within the record
            // rules, so the sum of two cannot overflow).
            if (!hasCacheCreation) message.CacheCreation = cache5m + cache1h;
            message.HasUsage = true;
        }

        /// <summary>A usage count, held to the record rules as every log's counts are (<see cref="LogValueReader.Count"/>).</summary>
        [MethodImpl(HotPath.AggressiveOptimization)]
        private static long ReadCount(ref Utf8JsonReader reader, string field) => LogValueReader.Count(ref reader, "usage.", field);

        /// <summary>costUSD, when the line carries one: null is "not given"; anything else must be a cost the record rules accept.</summary>
        private static double? ReadCost(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            if (reader.TokenType != JsonTokenType.Number) throw new FormatException("costUSD is not a number");
            // A number too large for a double (1e309) is not a cost either; TryGetDouble refuses it.
            string? problem = reader.TryGetDouble(out double cost) ? Records.RecordValidator.CostProblem(cost) : Records.RecordValidator.CostProblem(double.PositiveInfinity);
            if (problem is null) return cost;
            throw new FormatException($"costUSD {problem} (got {LogValueReader.NumberText(ref reader)})");
        }

        [MethodImpl(HotPath.AggressiveOptimization)]
        private LogId ReadId(ref Utf8JsonReader reader)
        {
            var id = default(LogId);
            if (reader.TokenType != JsonTokenType.String)
            {
                if (reader.TokenType != JsonTokenType.Null) reader.Skip();
                return id;
            }
            if (!reader.ValueIsEscaped)
            {
                if (reader.ValueSpan.IsEmpty) return id;
                id.Hash = Hash128.OfBytes(reader.ValueSpan);
            }
            else
            {
                // Unescaped first, so that "a\u0062" and "ab" are the same id, as they are the same string.
                var buffer = new byte[reader.ValueSpan.Length];
                int length = reader.CopyString(buffer);
                if (length == 0) return id;
                id.Hash = Hash128.OfBytes(buffer.AsSpan(0, length));
            }
            id.IsSet = true;
            if (_idTexts) id.Text = reader.GetString();
            return id;
        }

        [MethodImpl(HotPath.AggressiveOptimization)]
        private static string? ReadString(ref Utf8JsonReader reader, Utf8StringCache? cache)
        {
            if (reader.TokenType == JsonTokenType.Null) return null;
            if (reader.TokenType != JsonTokenType.String)
            {
                reader.Skip();
                return null;
            }
            if (cache is not null && !reader.ValueIsEscaped) return cache.Get(reader.ValueSpan);
            return reader.GetString();
        }
    }
}
