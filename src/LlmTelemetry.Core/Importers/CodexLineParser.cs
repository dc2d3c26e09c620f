using System;
using System.Globalization;
using System.Text.Json;
using LlmTelemetry.Internal;

namespace LlmTelemetry.Importers
{
    /// <summary>
    /// Reads one Codex rollout line into a <see cref="CodexLine"/> with a forward-only reader: the kind, the time, the
    /// session's names and the token counts; everything else is skipped. A line that is not JSON, or a count that is
    /// not a non-negative integer, fails with the reason. What the lines mean together is the importer's business.
    /// </summary>
    internal static class CodexLineParser
    {
        private static readonly JsonReaderOptions ReaderOptions = new JsonReaderOptions { MaxDepth = 256 };

        internal static bool TryParse(ReadOnlySpan<byte> text, out CodexLine line, out string? problem)
        {
            line = default;
            problem = null;
            try
            {
                var reader = new Utf8JsonReader(text, ReaderOptions);
                reader.Read();
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("type"u8))
                    {
                        reader.Read();
                        if (reader.TokenType != JsonTokenType.String) continue;
                        if (reader.ValueTextEquals("session_meta"u8)) line.Type = CodexLineKind.SessionMeta;
                        else if (reader.ValueTextEquals("turn_context"u8)) line.Type = CodexLineKind.TurnContext;
                        else if (reader.ValueTextEquals("event_msg"u8)) line.Type = CodexLineKind.EventMsg;
                    }
                    else if (reader.ValueTextEquals("timestamp"u8))
                    {
                        reader.Read();
                        if (reader.TokenType == JsonTokenType.String)
                        {
                            line.HasTimestamp = reader.TryGetDateTimeOffset(out line.Timestamp)
                                || DateTimeOffset.TryParse(reader.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out line.Timestamp);
                        }
                    }
                    else if (reader.ValueTextEquals("payload"u8))
                    {
                        reader.Read();
                        if (reader.TokenType == JsonTokenType.StartObject) ReadPayload(ref reader, ref line);
                        else reader.Skip();
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
                return true;
            }
            catch (Exception ex) when (MalformedJson.Is(ex))
            {
                problem = MalformedJson.Describe(ex);
                return false;
            }
        }

        private static void ReadPayload(ref Utf8JsonReader reader, ref CodexLine line)
        {
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    line.TokenCount = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("token_count"u8);
                }
                else if (reader.ValueTextEquals("id"u8)) { reader.Read(); line.PayloadId = Str(ref reader); }
                else if (reader.ValueTextEquals("forked_from_id"u8))
                {
                    reader.Read();
                    var parent = Str(ref reader);
                    if (!string.IsNullOrEmpty(parent)) line.ParentId = parent;
                }
                else if (reader.ValueTextEquals("source"u8))
                {
                    reader.Read();
                    line.ParentId ??= SpawningThread(ref reader);
                }
                else if (reader.ValueTextEquals("cwd"u8)) { reader.Read(); line.Cwd = Str(ref reader); }
                else if (reader.ValueTextEquals("model"u8)) { reader.Read(); line.Model = Str(ref reader); }
                else if (reader.ValueTextEquals("git"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartObject) { reader.Skip(); continue; }
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (reader.ValueTextEquals("branch"u8)) { reader.Read(); line.Branch = Str(ref reader); }
                        else { reader.Read(); reader.Skip(); }
                    }
                }
                else if (reader.ValueTextEquals("info"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.StartObject) { reader.Skip(); continue; }
                    line.InfoPresent = true;
                    while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                    {
                        if (reader.ValueTextEquals("total_token_usage"u8)) { reader.Read(); line.Total = ReadUsage(ref reader); }
                        else if (reader.ValueTextEquals("last_token_usage"u8)) { reader.Read(); line.Last = ReadUsage(ref reader); }
                        else if (reader.ValueTextEquals("model"u8) || reader.ValueTextEquals("model_name"u8))
                        {
                            reader.Read();
                            var m = Str(ref reader);
                            if (!string.IsNullOrWhiteSpace(m)) line.InfoModel = m;
                        }
                        else { reader.Read(); reader.Skip(); }
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }
        }

        /// <summary>
        /// session_meta.source is a string ("cli", "vscode", "exec") for a session a person started, and
        /// {"subagent": {"thread_spawn": {"parent_thread_id": …}}} for one another session spawned.
        /// </summary>
        private static string? SpawningThread(ref Utf8JsonReader reader)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return null;
            }
            string? parent = null;
            int depth = reader.CurrentDepth;
            while (reader.Read() && reader.CurrentDepth > depth)
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.ValueTextEquals("parent_thread_id"u8))
                {
                    reader.Read();
                    var id = Str(ref reader);
                    if (!string.IsNullOrEmpty(id)) parent ??= id;
                }
            }
            return parent;
        }

        private static CodexUsage ReadUsage(ref Utf8JsonReader reader)
        {
            var usage = new CodexUsage();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                return usage;
            }
            usage.Present = true;
            bool hasTotal = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("input_tokens"u8)) { reader.Read(); usage.Input = Count(ref reader, "input_tokens"); }
                else if (reader.ValueTextEquals("cached_input_tokens"u8) || reader.ValueTextEquals("cache_read_input_tokens"u8)) { reader.Read(); usage.Cached = Count(ref reader, "cached_input_tokens"); }
                else if (reader.ValueTextEquals("output_tokens"u8)) { reader.Read(); usage.Output = Count(ref reader, "output_tokens"); }
                else if (reader.ValueTextEquals("reasoning_output_tokens"u8)) { reader.Read(); usage.Reasoning = Count(ref reader, "reasoning_output_tokens"); }
                else if (reader.ValueTextEquals("total_tokens"u8)) { reader.Read(); usage.Total = Count(ref reader, "total_tokens"); hasTotal = usage.Total > 0; }
                else { reader.Read(); reader.Skip(); }
            }
            // Only an id and a "same total again" test use it; unchecked, a wrapped sum still tells totals apart.
            if (!hasTotal) usage.Total = unchecked(usage.Input + usage.Output);
            return usage;
        }

        // Running totals only need to be non-negative integers; one call's share is held to the record rules in Apply.
        private static long Count(ref Utf8JsonReader reader, string field)
        {
            if (reader.TokenType == JsonTokenType.Null) return 0;
            if (reader.TokenType != JsonTokenType.Number) throw new FormatException($"token count {field} is not a number");
            if (reader.TryGetInt64(out long v) && v >= 0) return v;
            throw new FormatException($"token count {field} is not a non-negative integer below 2^63");
        }

        private static string? Str(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.String) return reader.GetString();
            reader.Skip();
            return null;
        }
    }
}
