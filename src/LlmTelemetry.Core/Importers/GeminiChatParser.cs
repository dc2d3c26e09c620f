using System;
using System.Text.Json;
using LlmTelemetry.Internal;
using LlmTelemetry.Records;

namespace LlmTelemetry.Importers
{
    /// <summary>
    /// Reads one Gemini CLI chat file, a whole JSON document {sessionId, projectHash, startTime, lastUpdated, messages[]},
    /// with one forward-only reader over its bytes: the session, and each "gemini" message that has tokens. Content,
    /// thoughts and tool calls are skipped as tokens, never made strings. A message whose tokens, id or time cannot be
    /// read costs that message (counted malformed, with its line and the reason); a document that stops being JSON
    /// (cut off mid-rewrite) costs the rest of the file, and the messages complete before the break are kept.
    /// </summary>
    /// <remarks>
    /// Gemini's tokens.input includes the cached input, which is billed at the cache-read rate, and tokens.tool
    /// (the prompt of a tool-use round) is billed as input; thinking is billed at the output rate. So input = input −
    /// cached + tool, cache read = cached, output = output + thoughts, reasoning = thoughts.
    /// </remarks>
    internal static class GeminiChatParser
    {
        /// <summary>The model of a response that names none (older Gemini CLI versions), as the Claude Code import says it.</summary>
        internal const string UnknownModel = "unknown";

        private static readonly JsonReaderOptions ReaderOptions = new JsonReaderOptions { MaxDepth = 256 };

        /// <summary>Adds the chat's calls and problems to <paramref name="outcome"/>; returns the file's line count.</summary>
        public static long Parse(ReadOnlySpan<byte> json, GeminiChatOutcome outcome, int cap)
        {
            var lines = new LineCounter(json);
            var reader = new Utf8JsonReader(json, ReaderOptions);
            try
            {
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    outcome.AddMalformed(1, "not a Gemini CLI chat: the file is not a JSON object", cap);
                    return lines.Total();
                }
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("sessionId"u8)) { reader.Read(); outcome.SessionId = Text(ref reader); }
                    else if (reader.ValueTextEquals("projectHash"u8)) { reader.Read(); outcome.ProjectHash = Text(ref reader); }
                    else if (reader.ValueTextEquals("messages"u8))
                    {
                        reader.Read();
                        if (reader.TokenType != JsonTokenType.StartArray)
                        {
                            outcome.AddMalformed(lines.At(reader.TokenStartIndex), "messages is not an array", cap);
                            reader.Skip();
                            continue;
                        }
                        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                        {
                            if (reader.TokenType == JsonTokenType.StartObject) ReadMessage(ref reader, lines.At(reader.TokenStartIndex), outcome, cap);
                            else reader.Skip();
                        }
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
            }
            catch (JsonException ex)
            {
                outcome.AddMalformed((ex.LineNumber ?? 0) + 1, MalformedJson.Describe(ex) + " (the rest of the file is not read)", cap);
            }
            catch (Exception ex) when (MalformedJson.Is(ex))
            {
                outcome.AddMalformed(lines.At(reader.TokenStartIndex), MalformedJson.Describe(ex), cap);
            }
            return lines.Total();
        }

        private static void ReadMessage(ref Utf8JsonReader reader, long line, GeminiChatOutcome outcome, int cap)
        {
            string? id = null, model = null, problem = null;
            bool isResponse = false, hasTime = false, hasTokens = false;
            DateTimeOffset at = default;
            var tokens = new Tokens();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                try
                {
                    if (reader.ValueTextEquals("type"u8))
                    {
                        reader.Read();
                        isResponse = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("gemini"u8);
                    }
                    else if (reader.ValueTextEquals("id"u8)) { reader.Read(); id = Text(ref reader); }
                    else if (reader.ValueTextEquals("model"u8)) { reader.Read(); model = Text(ref reader); }
                    else if (reader.ValueTextEquals("timestamp"u8)) { reader.Read(); hasTime = LogValueReader.TryTimestamp(ref reader, out at); }
                    else if (reader.ValueTextEquals("tokens"u8)) { reader.Read(); hasTokens = ReadTokens(ref reader, ref tokens, ref problem); }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
                catch (InvalidOperationException ex)
                {
                    // A string that is not UTF-8: the reader is still on it, so the message goes on from the next field.
                    problem ??= ex.Message;
                }
            }

            // A user prompt, an info line, or a response whose usage is not written yet (it will be when the file is rewritten).
            if (!isResponse || (!hasTokens && problem is null)) return;
            if (problem is null && string.IsNullOrEmpty(id)) problem = "gemini message without an id";
            if (problem is null && (!hasTime || !ImportRun.IsStorableTime(at))) problem = "gemini message without a valid timestamp";
            if (problem is null && tokens.Cached > tokens.Input)
                problem = $"tokens.cached ({tokens.Cached}) is more than tokens.input ({tokens.Input}), which includes it";
            if (problem is not null)
            {
                outcome.AddMalformed(line, problem, cap);
                return;
            }
            // Each count is at most RecordValidator.MaxTokens, so these sums cannot overflow; the record rules bound them.
            var usage = TokenUsage.Create(
                input: tokens.Input - tokens.Cached + tokens.Tool,
                output: tokens.Output + tokens.Thoughts,
                cacheReadInput: tokens.Cached,
                reasoning: tokens.Thoughts);
            if (usage.Total == 0) return;
            if (RecordValidator.CheckTokens(usage) is { } bad)
            {
                outcome.AddMalformed(line, bad.Message, cap);
                return;
            }
            outcome.Calls.Add(new GeminiCall
            {
                MessageId = id!,
                Timestamp = at.ToUniversalTime(),
                Model = string.IsNullOrWhiteSpace(model) ? UnknownModel : model!.Trim(),
                Tokens = usage,
                Line = line,
            });
        }

        /// <summary>
        /// tokens {input, output, cached, thoughts, tool, total}: true when there is a tokens object. A count the record
        /// rules refuse sets <paramref name="problem"/>, and the other counts are still read past.
        /// </summary>
        private static bool ReadTokens(ref Utf8JsonReader reader, ref Tokens tokens, ref string? problem)
        {
            if (reader.TokenType == JsonTokenType.Null) return false;
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                reader.Skip();
                problem ??= "tokens is not an object";
                return true;
            }
            bool hasInput = false, hasOutput = false;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                try
                {
                    if (reader.ValueTextEquals("input"u8)) { reader.Read(); hasInput = true; tokens.Input = LogValueReader.Count(ref reader, "tokens.", "input"); }
                    else if (reader.ValueTextEquals("output"u8)) { reader.Read(); hasOutput = true; tokens.Output = LogValueReader.Count(ref reader, "tokens.", "output"); }
                    else if (reader.ValueTextEquals("cached"u8)) { reader.Read(); tokens.Cached = LogValueReader.Count(ref reader, "tokens.", "cached"); }
                    else if (reader.ValueTextEquals("thoughts"u8)) { reader.Read(); tokens.Thoughts = LogValueReader.Count(ref reader, "tokens.", "thoughts"); }
                    else if (reader.ValueTextEquals("tool"u8)) { reader.Read(); tokens.Tool = LogValueReader.Count(ref reader, "tokens.", "tool"); }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
                catch (FormatException ex)
                {
                    problem ??= ex.Message;
                    // The reader is on the refused value; an object or array there is passed over whole.
                    reader.Skip();
                }
            }
            if (!hasInput || !hasOutput) problem ??= "tokens without input and output";
            return true;
        }

        private static string? Text(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.String) return reader.GetString();
            reader.Skip();
            return null;
        }

        /// <summary>The counts as Gemini CLI writes them: input includes cached, output excludes thoughts.</summary>
        private struct Tokens
        {
            public long Input, Output, Cached, Thoughts, Tool;
        }

        /// <summary>Line numbers for byte offsets that only grow, counting each newline once.</summary>
        private ref struct LineCounter
        {
            private readonly ReadOnlySpan<byte> _text;
            private int _at;
            private long _line;

            public LineCounter(ReadOnlySpan<byte> text)
            {
                _text = text;
                _at = 0;
                _line = 1;
            }

            /// <summary>The 1-based line of the byte at <paramref name="offset"/>.</summary>
            public long At(long offset)
            {
                int end = (int)Math.Min(Math.Max(offset, _at), _text.Length);
                var rest = _text.Slice(_at, end - _at);
                int i;
                while ((i = rest.IndexOf((byte)'\n')) >= 0)
                {
                    _line++;
                    rest = rest.Slice(i + 1);
                }
                _at = end;
                return _line;
            }

            /// <summary>How many lines the whole text has (a last line without a newline counts).</summary>
            public long Total()
            {
                long last = At(_text.Length);
                if (_text.IsEmpty) return 0;
                return _text[_text.Length - 1] == (byte)'\n' ? last - 1 : last;
            }
        }
    }
}
