using System;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LlmTelemetry.Records;

namespace LlmTelemetry.Providers
{
    /// <summary>
    /// OpenAI's Chat Completions (and optionally Responses) API; with <see cref="OpenAIProviderOptions.Kind"/> also OpenRouter
    /// and OpenAI-compatible local servers (Ollama, vLLM, llama.cpp server, LM Studio).
    /// </summary>
    internal sealed class OpenAIProvider : IChatProvider
    {
        private readonly HttpClient _http;
        private readonly OpenAIProviderOptions _options;
        private readonly string _name;

        public OpenAIProvider(HttpClient http, OpenAIProviderOptions options)
        {
            _http = http ?? throw new ArgumentNullException(nameof(http));
            _options = options ?? throw new ArgumentNullException(nameof(options));
            if (options.Kind == ProviderKind.Anthropic) throw new ArgumentException("Anthropic is served by AnthropicProvider", nameof(options));
            _name = ModelRouting.Name(options.Kind);
        }

        public ProviderKind Kind => _options.Kind;

        public async Task<ChatResult> SendAsync(ChatRequest request, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            bool responses = _options.Api == OpenAIApi.Responses;
            if (responses && request.StopSequences is { Count: > 0 })
                throw new ProviderException(_name, ProviderErrorKind.InvalidRequest, "the Responses API takes no stop sequences; use the Chat Completions API");

            Uri baseUri = _options.BaseUri ?? ModelRouting.DefaultBaseUri(_options.Kind);
            using var message = new HttpRequestMessage(HttpMethod.Post, ProviderHttp.Endpoint(baseUri, responses ? "responses" : "chat/completions"));
            if (!string.IsNullOrEmpty(_options.ApiKey))
                message.Headers.TryAddWithoutValidation("Authorization", "Bearer " + _options.ApiKey);
            if (_options.Headers is not null)
                foreach (var h in _options.Headers) message.Headers.TryAddWithoutValidation(h.Key, h.Value);
            message.Content = ProviderHttp.JsonContent(responses ? BuildResponsesBody(request) : BuildChatBody(request, _options));

            using var response = await ProviderHttp.SendAsync(_http, message, request.Stream, _name, _options.ApiKey, cancellationToken).ConfigureAwait(false);
            await ProviderHttp.EnsureSuccessAsync(response, _name, _options.ApiKey, cancellationToken).ConfigureAwait(false);
            string? requestId = ProviderHttp.Header(response, "x-request-id");

            ChatResult result;
            if (request.Stream)
            {
                result = await ReadStreamAsync(response, request, responses, clock, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                string body = await ProviderHttp.ReadBodyAsync(response, _name, cancellationToken).ConfigureAwait(false);
                result = responses ? ParseResponse(body, _name, _options.Kind) : ParseCompletion(body, _name, _options.Kind);
            }
            if (string.IsNullOrEmpty(result.Model)) result = result with { Model = request.Model };
            return result with { RequestId = requestId ?? result.ResponseId, Latency = clock.Elapsed, Streamed = request.Stream };
        }

        internal static byte[] BuildChatBody(ChatRequest request, OpenAIProviderOptions options)
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteString("model", request.Model);
                w.WriteStartArray("messages");
                if (!string.IsNullOrEmpty(request.SystemPrompt)) WriteMessage(w, "system", request.SystemPrompt!);
                foreach (var m in request.Messages) WriteMessage(w, m.RoleName, m.Content);
                w.WriteEndArray();
                if (request.MaxTokens is int max)
                {
                    // OpenAI's reasoning models reject max_tokens; OpenRouter and local servers know only max_tokens.
                    w.WriteNumber(options.Kind == ProviderKind.OpenAI ? "max_completion_tokens" : "max_tokens", max);
                }
                if (request.Temperature is double t) w.WriteNumber("temperature", t);
                if (request.StopSequences is { Count: > 0 } stops)
                {
                    w.WriteStartArray("stop");
                    foreach (var s in stops) w.WriteStringValue(s);
                    w.WriteEndArray();
                }
                if (request.Stream)
                {
                    w.WriteBoolean("stream", true);
                    if (options.IncludeStreamUsage)
                    {
                        w.WriteStartObject("stream_options");
                        w.WriteBoolean("include_usage", true);
                        w.WriteEndObject();
                    }
                }
                w.WriteEndObject();
            }
            return buffer.ToArray();
        }

        internal static byte[] BuildResponsesBody(ChatRequest request)
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteString("model", request.Model);
                if (!string.IsNullOrEmpty(request.SystemPrompt)) w.WriteString("instructions", request.SystemPrompt);
                w.WriteStartArray("input");
                foreach (var m in request.Messages) WriteMessage(w, m.RoleName, m.Content);
                w.WriteEndArray();
                if (request.MaxTokens is int max) w.WriteNumber("max_output_tokens", max);
                if (request.Temperature is double t) w.WriteNumber("temperature", t);
                if (request.Stream) w.WriteBoolean("stream", true);
                w.WriteEndObject();
            }
            return buffer.ToArray();
        }

        private static void WriteMessage(Utf8JsonWriter w, string role, string content)
        {
            w.WriteStartObject();
            w.WriteString("role", role);
            w.WriteString("content", content);
            w.WriteEndObject();
        }

        internal static ChatResult ParseCompletion(string body, string name, ProviderKind kind)
        {
            using var doc = ProviderHttp.ParseJson(body, name);
            var root = doc.RootElement;
            // Some servers answer 200 with an error object (OpenRouter on upstream failures).
            if (ProviderHttp.TryErrorObject(root, out string? error))
            {
                error = SecretScrubber.ScrubOrNull(error, null);
                throw new ProviderException(name, ProviderErrorKind.Http, $"{name} returned an error: {error}", providerError: error, isRetryable: false);
            }
            if (root.ValueKind != JsonValueKind.Object || Json.Get(root, "choices") is not JsonElement choices || choices.ValueKind != JsonValueKind.Array)
                throw ProviderHttp.Malformed(name, "is not a chat completion (no choices array)", body);
            string content = "";
            string? finish = null;
            foreach (var choice in choices.EnumerateArray())
            {
                if (Json.Get(choice, "message") is JsonElement message) content = ContentText(message);
                finish = Json.String(choice, "finish_reason");
                break;
            }
            var usage = Json.Get(root, "usage") is JsonElement u ? ChatUsage(u) : null;
            return new ChatResult
            {
                Provider = kind,
                Content = content,
                Model = Json.String(root, "model") ?? "",
                FinishReason = finish,
                ResponseId = Json.String(root, "id"),
                Usage = usage?.Tokens ?? TokenUsage.Zero,
                UsageEstimated = usage is null,
                CostUsd = usage?.Cost,
            };
        }

        internal static ChatResult ParseResponse(string body, string name, ProviderKind kind)
        {
            using var doc = ProviderHttp.ParseJson(body, name);
            var root = doc.RootElement;
            if (Json.Get(root, "error") is JsonElement err && err.ValueKind == JsonValueKind.Object)
            {
                ProviderHttp.TryErrorObject(root, out string? error);
                error = SecretScrubber.ScrubOrNull(error, null);
                throw new ProviderException(name, ProviderErrorKind.Http, $"{name} returned an error: {error}", providerError: error);
            }
            if (root.ValueKind != JsonValueKind.Object || Json.Get(root, "output") is not JsonElement output || output.ValueKind != JsonValueKind.Array)
                throw ProviderHttp.Malformed(name, "is not a response (no output array)", body);
            return ResponseResult(root, kind, null);
        }

        private static ChatResult ResponseResult(JsonElement response, ProviderKind kind, string? streamedText)
        {
            var text = new StringBuilder();
            if (Json.Get(response, "output") is JsonElement output && output.ValueKind == JsonValueKind.Array)
                foreach (var item in output.EnumerateArray())
                {
                    if (Json.String(item, "type") != "message" || Json.Get(item, "content") is not JsonElement parts || parts.ValueKind != JsonValueKind.Array) continue;
                    foreach (var part in parts.EnumerateArray())
                        if (Json.String(part, "type") == "output_text") text.Append(Json.String(part, "text"));
                }
            string status = Json.String(response, "status") ?? "";
            string? finish = status == "incomplete" && Json.Get(response, "incomplete_details") is JsonElement d ? Json.String(d, "reason") ?? status : status;
            var usage = Json.Get(response, "usage") is JsonElement u ? ResponsesUsage(u) : null;
            return new ChatResult
            {
                Provider = kind,
                Content = text.Length > 0 || streamedText is null ? text.ToString() : streamedText,
                Model = Json.String(response, "model") ?? "",
                FinishReason = finish.Length == 0 ? null : finish,
                ResponseId = Json.String(response, "id"),
                Usage = usage ?? TokenUsage.Zero,
                UsageEstimated = usage is null,
            };
        }

        private static string ContentText(JsonElement message)
        {
            if (Json.Get(message, "content") is not JsonElement content) return "";
            if (content.ValueKind == JsonValueKind.String) return content.GetString() ?? "";
            // A few compatible servers answer with content parts, as requests may be sent.
            var text = new StringBuilder();
            if (content.ValueKind == JsonValueKind.Array)
                foreach (var part in content.EnumerateArray())
                    if (Json.String(part, "text") is string s) text.Append(s);
            return text.ToString();
        }

        private sealed record ParsedUsage(TokenUsage Tokens, double? Cost);

        /// <summary>prompt_tokens counts cached tokens (and OpenRouter's cache writes); our input excludes both.</summary>
        private static ParsedUsage ChatUsage(JsonElement usage)
        {
            var tokens = TokenUsage.FromInclusiveInput(
                Json.Long(usage, "prompt_tokens") ?? 0,
                Json.Long(usage, "completion_tokens") ?? 0,
                cacheReadInput: Json.Long(usage, "prompt_tokens_details", "cached_tokens") ?? 0,
                cacheCreationInput: Json.Long(usage, "prompt_tokens_details", "cache_write_tokens") ?? 0,
                reasoning: Json.Long(usage, "completion_tokens_details", "reasoning_tokens") ?? 0);
            // Passed on as reported: the client holds it to the record rules and says so when it refuses it.
            return new ParsedUsage(tokens, Json.Double(usage, "cost"));
        }

        private static TokenUsage ResponsesUsage(JsonElement usage)
            => TokenUsage.FromInclusiveInput(
                Json.Long(usage, "input_tokens") ?? 0,
                Json.Long(usage, "output_tokens") ?? 0,
                cacheReadInput: Json.Long(usage, "input_tokens_details", "cached_tokens") ?? 0,
                reasoning: Json.Long(usage, "output_tokens_details", "reasoning_tokens") ?? 0);

        private async Task<ChatResult> ReadStreamAsync(HttpResponseMessage response, ChatRequest request, bool responses, Stopwatch clock, CancellationToken cancellationToken)
        {
            var text = new StringBuilder();
            ParsedUsage? usage = null;
            ChatResult? completed = null;
            string? model = null, id = null, finish = null;
            TimeSpan? firstToken = null;
            bool done = false;
            await ProviderHttp.ReadEventsAsync(response, _name, e =>
            {
                string data = e.Data.Trim();
                if (data.Length == 0) return true;
                if (data == "[DONE]")
                {
                    done = true;
                    return false;
                }
                using var doc = ProviderHttp.ParseJson(data, _name);
                var root = doc.RootElement;
                string? piece;
                if (responses)
                {
                    string? type = Json.String(root, "type") ?? e.EventName;
                    if (type == "response.output_text.delta") piece = Json.String(root, "delta");
                    else
                    {
                        piece = null;
                        if (type == "response.completed" || type == "response.incomplete")
                        {
                            if (Json.Get(root, "response") is JsonElement r) completed = ResponseResult(r, _options.Kind, text.ToString());
                            done = true;
                        }
                        else if (type == "response.failed" || type == "error")
                        {
                            var holder = Json.Get(root, "response") is JsonElement fr ? fr : root;
                            string? error = ProviderHttp.TryErrorObject(holder, out string? t) ? t : Json.String(root, "message");
                            throw new ProviderException(_name, ProviderErrorKind.Http, $"{_name} sent an error in the stream: {SecretScrubber.ScrubOrNull(error, _options.ApiKey)}",
                                providerError: SecretScrubber.ScrubOrNull(error, _options.ApiKey));
                        }
                    }
                }
                else
                {
                    if (ProviderHttp.TryErrorObject(root, out string? error))
                        throw new ProviderException(_name, ProviderErrorKind.Http, $"{_name} sent an error in the stream: {SecretScrubber.ScrubOrNull(error, _options.ApiKey)}",
                            providerError: SecretScrubber.ScrubOrNull(error, _options.ApiKey));
                    id ??= Json.String(root, "id");
                    model ??= Json.String(root, "model");
                    if (Json.Get(root, "usage") is JsonElement u && u.ValueKind == JsonValueKind.Object) usage = ChatUsage(u);
                    piece = null;
                    if (Json.Get(root, "choices") is JsonElement choices && choices.ValueKind == JsonValueKind.Array)
                        foreach (var choice in choices.EnumerateArray())
                        {
                            if (Json.String(choice, "finish_reason") is string f) finish = f;
                            if (Json.Get(choice, "delta") is JsonElement delta) piece = Json.String(delta, "content");
                            break;
                        }
                }
                if (!string.IsNullOrEmpty(piece))
                {
                    firstToken ??= clock.Elapsed;
                    text.Append(piece);
                    request.TextDeltas?.Report(piece!);
                }
                return !done;
            }, cancellationToken).ConfigureAwait(false);

            if (responses)
            {
                if (completed is null)
                    throw new ProviderException(_name, ProviderErrorKind.Network, $"the stream from {_name} ended before response.completed", isRetryable: true);
                return completed with { TimeToFirstToken = firstToken };
            }
            // Servers that do not send [DONE] still end the stream after the finishing chunk.
            if (!done && finish is null)
                throw new ProviderException(_name, ProviderErrorKind.Network, $"the stream from {_name} ended before its last chunk", isRetryable: true);
            return new ChatResult
            {
                Provider = _options.Kind,
                Content = text.ToString(),
                Model = model ?? "",
                FinishReason = finish,
                ResponseId = id,
                Usage = usage?.Tokens ?? TokenUsage.Zero,
                UsageEstimated = usage is null,
                CostUsd = usage?.Cost,
                TimeToFirstToken = firstToken,
            };
        }
    }
}
