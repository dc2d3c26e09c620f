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
    /// <summary>Anthropic's Messages API (POST /v1/messages), streaming or not, with prompt caching of the system prompt.</summary>
    internal sealed class AnthropicProvider : IChatProvider
    {
        private const string Name = "anthropic";
        private readonly HttpClient _http;
        private readonly AnthropicProviderOptions _options;

        public AnthropicProvider(HttpClient http, AnthropicProviderOptions options)
        {
            _http = http ?? throw new ArgumentNullException(nameof(http));
            _options = options ?? throw new ArgumentNullException(nameof(options));
        }

        public ProviderKind Kind => ProviderKind.Anthropic;

        public async Task<ChatResult> SendAsync(ChatRequest request, CancellationToken cancellationToken)
        {
            var clock = Stopwatch.StartNew();
            using var message = new HttpRequestMessage(HttpMethod.Post, ProviderHttp.Endpoint(_options.BaseUri, "v1/messages"));
            message.Headers.TryAddWithoutValidation("x-api-key", _options.ApiKey);
            message.Headers.TryAddWithoutValidation("anthropic-version", _options.Version);
            message.Content = ProviderHttp.JsonContent(BuildBody(request, _options.DefaultMaxTokens));

            using var response = await ProviderHttp.SendAsync(_http, message, request.Stream, Name, _options.ApiKey, cancellationToken).ConfigureAwait(false);
            await ProviderHttp.EnsureSuccessAsync(response, Name, _options.ApiKey, cancellationToken).ConfigureAwait(false);
            string? requestId = ProviderHttp.Header(response, "request-id");

            ChatResult result = request.Stream
                ? await ReadStreamAsync(response, request, clock, cancellationToken).ConfigureAwait(false)
                : ParseMessage(await ProviderHttp.ReadBodyAsync(response, Name, cancellationToken).ConfigureAwait(false));
            return result with { RequestId = requestId ?? result.ResponseId, Latency = clock.Elapsed, Streamed = request.Stream };
        }

        internal static byte[] BuildBody(ChatRequest request, int defaultMaxTokens)
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteString("model", request.Model);
                w.WriteNumber("max_tokens", request.MaxTokens ?? defaultMaxTokens);

                // Anthropic takes the system prompt apart from the turns; system messages in the list join it.
                var system = new StringBuilder(request.SystemPrompt ?? "");
                foreach (var m in request.Messages)
                {
                    if (m.Role != ChatRole.System) continue;
                    if (system.Length > 0) system.Append("\n\n");
                    system.Append(m.Content);
                }
                string systemText = system.ToString();
                if (systemText.Length > 0)
                {
                    if (AnthropicCaching.ShouldCache(request.Model, systemText, request.CacheSystemPrompt))
                    {
                        w.WriteStartArray("system");
                        w.WriteStartObject();
                        w.WriteString("type", "text");
                        w.WriteString("text", systemText);
                        w.WriteStartObject("cache_control");
                        w.WriteString("type", "ephemeral");
                        if (request.CacheLifetime == CacheLifetime.OneHour) w.WriteString("ttl", "1h");
                        w.WriteEndObject();
                        w.WriteEndObject();
                        w.WriteEndArray();
                    }
                    else
                    {
                        w.WriteString("system", systemText);
                    }
                }

                w.WriteStartArray("messages");
                foreach (var m in request.Messages)
                {
                    if (m.Role == ChatRole.System) continue;
                    w.WriteStartObject();
                    w.WriteString("role", m.RoleName);
                    w.WriteString("content", m.Content);
                    w.WriteEndObject();
                }
                w.WriteEndArray();

                if (request.Temperature is double t) w.WriteNumber("temperature", t);
                if (request.StopSequences is { Count: > 0 } stops)
                {
                    w.WriteStartArray("stop_sequences");
                    foreach (var s in stops) w.WriteStringValue(s);
                    w.WriteEndArray();
                }
                if (request.Stream) w.WriteBoolean("stream", true);
                w.WriteEndObject();
            }
            return buffer.ToArray();
        }

        internal static ChatResult ParseMessage(string body)
        {
            using var doc = ProviderHttp.ParseJson(body, Name);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object || Json.Get(root, "content") is not JsonElement content || content.ValueKind != JsonValueKind.Array)
                throw ProviderHttp.Malformed(Name, "is not a message (no content array)", body);
            var text = new StringBuilder();
            foreach (var block in content.EnumerateArray())
                if (Json.String(block, "type") == "text") text.Append(Json.String(block, "text"));
            var usage = new UsageState();
            if (Json.Get(root, "usage") is JsonElement u) usage.Apply(u);
            return new ChatResult
            {
                Provider = ProviderKind.Anthropic,
                Content = text.ToString(),
                Model = Json.String(root, "model") ?? "",
                FinishReason = Json.String(root, "stop_reason"),
                ResponseId = Json.String(root, "id"),
                Usage = usage.ToUsage(),
            };
        }

        private static async Task<ChatResult> ReadStreamAsync(HttpResponseMessage response, ChatRequest request, Stopwatch clock, CancellationToken cancellationToken)
        {
            var text = new StringBuilder();
            var usage = new UsageState();
            string? model = null, id = null, finish = null;
            TimeSpan? firstToken = null;
            bool stopped = false;
            await ProviderHttp.ReadEventsAsync(response, Name, e =>
            {
                if (e.Data.Length == 0) return true;
                using var doc = ProviderHttp.ParseJson(e.Data, Name);
                var data = doc.RootElement;
                switch (Json.String(data, "type") ?? e.EventName)
                {
                    case "message_start":
                        if (Json.Get(data, "message") is JsonElement msg)
                        {
                            id = Json.String(msg, "id");
                            model = Json.String(msg, "model");
                            if (Json.Get(msg, "usage") is JsonElement u0)
                            {
                                usage.Apply(u0);
                                // The prompt is billed from here on, whether or not the stream completes.
                                request.PartialUsage?.Invoke(usage.ToUsage());
                            }
                        }
                        break;
                    case "content_block_delta":
                        if (Json.Get(data, "delta") is JsonElement delta && Json.String(delta, "type") == "text_delta"
                            && Json.String(delta, "text") is string piece && piece.Length > 0)
                        {
                            firstToken ??= clock.Elapsed;
                            text.Append(piece);
                            request.TextDeltas?.Report(piece);
                        }
                        break;
                    case "message_delta":
                        if (Json.Get(data, "delta") is JsonElement md && Json.String(md, "stop_reason") is string sr) finish = sr;
                        // Counts here are cumulative and final: they replace message_start's.
                        if (Json.Get(data, "usage") is JsonElement u1)
                        {
                            usage.Apply(u1);
                            request.PartialUsage?.Invoke(usage.ToUsage());
                        }
                        break;
                    case "message_stop":
                        stopped = true;
                        break;
                    case "error":
                        ProviderHttp.TryErrorObject(data, out string? error);
                        bool overloaded = error is not null && (error.StartsWith("overloaded_error", StringComparison.Ordinal) || error.StartsWith("api_error", StringComparison.Ordinal));
                        throw new ProviderException(Name, ProviderErrorKind.Http, $"{Name} sent an error in the stream: {error}",
                            overloaded ? 529 : (int?)null, error, isRetryable: overloaded);
                }
                return !stopped;
            }, cancellationToken).ConfigureAwait(false);
            if (!stopped)
                throw new ProviderException(Name, ProviderErrorKind.Network, $"the stream from {Name} ended before message_stop", isRetryable: true);
            return new ChatResult
            {
                Provider = ProviderKind.Anthropic,
                Content = text.ToString(),
                Model = model ?? request.Model,
                FinishReason = finish,
                ResponseId = id,
                Usage = usage.ToUsage(),
                TimeToFirstToken = firstToken,
            };
        }

        /// <summary>Anthropic usage, field by field, so that a later event's fields replace an earlier one's and absent ones stay.</summary>
        private sealed class UsageState
        {
            private long? _input, _output, _cacheWrite, _cacheWrite1h, _cacheRead, _thinking;

            public void Apply(JsonElement usage)
            {
                _input = Json.Long(usage, "input_tokens") ?? _input;
                _output = Json.Long(usage, "output_tokens") ?? _output;
                _cacheWrite = Json.Long(usage, "cache_creation_input_tokens") ?? _cacheWrite;
                _cacheRead = Json.Long(usage, "cache_read_input_tokens") ?? _cacheRead;
                _cacheWrite1h = Json.Long(usage, "cache_creation", "ephemeral_1h_input_tokens") ?? _cacheWrite1h;
                _thinking = Json.Long(usage, "output_tokens_details", "thinking_tokens") ?? _thinking;
            }

            public TokenUsage ToUsage()
            {
                long output = Math.Max(0, _output ?? 0);
                long cacheWrite = Math.Max(0, _cacheWrite ?? 0);
                return TokenUsage.Create(
                    input: Math.Max(0, _input ?? 0),
                    output: output,
                    cacheCreationInput: cacheWrite,
                    cacheCreation1hInput: Math.Min(cacheWrite, Math.Max(0, _cacheWrite1h ?? 0)),
                    cacheReadInput: Math.Max(0, _cacheRead ?? 0),
                    reasoning: Math.Min(output, Math.Max(0, _thinking ?? 0)));
            }
        }
    }
}
