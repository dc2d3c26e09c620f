using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LlmTelemetry.Budgets;
using LlmTelemetry.Configuration;
using LlmTelemetry.Pricing;
using LlmTelemetry.Records;

namespace LlmTelemetry.Providers
{
    /// <summary>
    /// The LLM client front ends use: picks the provider and key from the model id, retries, enforces the timeout,
    /// and records every call (success, failure, timeout, cancellation) through the sink.
    /// </summary>
    public sealed class LlmClient : IDisposable
    {
        private readonly LlmClientOptions _options;
        private readonly HttpClient _http;
        private readonly bool _ownsHttp;
        private readonly CallContext _context;
        private readonly ChatCallRecorder? _recorder;

        public LlmClient(LlmClientOptions? options = null)
        {
            _options = options ?? new LlmClientOptions();
            _context = _options.Context ?? CallContext.Detect();
            if (_options.Sink is not null)
                _recorder = new ChatCallRecorder(_options.Sink, _options.Pricer, _context)
                {
                    Warning = _options.Warning,
                    Budgets = _options.Budgets,
                    Source = _options.Source,
                    UserName = _options.UserName,
                };
            if (_options.HttpClient is not null)
            {
                _http = _options.HttpClient;
            }
            else
            {
                _http = new HttpClient(new HttpClientHandler()) { Timeout = System.Threading.Timeout.InfiniteTimeSpan };
                _ownsHttp = true;
            }
        }

        public void Dispose()
        {
            if (_ownsHttp) _http.Dispose();
        }

        /// <summary>Which providers can be called: key variables set or not, and the endpoint each would use.</summary>
        public IReadOnlyList<ProviderStatus> GetProviderStatus() => Status(_options);

        /// <summary>The provider statuses for an environment (the process's when null), without a client.</summary>
        public static IReadOnlyList<ProviderStatus> DetectProviders(Func<string, string?>? environment = null)
            => Status(new LlmClientOptions { Environment = environment ?? System.Environment.GetEnvironmentVariable });

        private static IReadOnlyList<ProviderStatus> Status(LlmClientOptions options)
            => Enum.GetValues(typeof(ProviderKind)).Cast<ProviderKind>().Select(kind => new ProviderStatus
            {
                Kind = kind,
                Name = ModelRouting.Name(kind),
                KeyVariable = ModelRouting.KeyVariable(kind),
                KeyRequired = ModelRouting.KeyRequired(kind),
                KeySet = ReadKey(options, kind) is not null,
                BaseUri = BaseUriFor(options, kind, null),
            }).ToList();

        /// <summary>The model id an alias stands for (the hook first, then sonnet/opus/haiku); the input when it is no alias.</summary>
        public string ResolveModel(string model)
        {
            if (string.IsNullOrWhiteSpace(model)) throw new ArgumentException("a model is required", nameof(model));
            string trimmed = model.Trim();
            string? resolved = _options.Pricer?.CanonicalId(trimmed);
            if (!string.IsNullOrWhiteSpace(resolved)) return resolved!.Trim();
            return ModelRouting.BuiltInAlias(trimmed) ?? trimmed;
        }

        /// <summary>
        /// An explicit provider wins; a base URI without one means an OpenAI-compatible server; then the registry hook;
        /// then the built-in rules (claude*/sonnet/opus/haiku → Anthropic, gpt*/o1/o3/o4* → OpenAI, vendor/model → OpenRouter).
        /// </summary>
        public ProviderKind ResolveProvider(string model, ProviderKind? provider = null, Uri? baseUri = null)
        {
            if (provider is ProviderKind explicitKind) return explicitKind;
            if (baseUri is not null) return ProviderKind.OpenAICompatible;
            if (ModelRouting.FromName(_options.Pricer?.ProviderOf(model)) is ProviderKind fromRegistry) return fromRegistry;
            if (ModelRouting.BuiltInProvider(model) is ProviderKind builtIn) return builtIn;
            throw new ProviderException("unknown", ProviderErrorKind.InvalidRequest,
                $"cannot tell which provider serves model '{model}': name the provider (Anthropic, OpenAI, OpenRouter, OpenAICompatible) or give the base URI of an OpenAI-compatible server");
        }

        /// <summary>Sends the request, retrying what can be retried, and records the call. Throws <see cref="ProviderException"/>
        /// on failure, and <see cref="OperationCanceledException"/> when <paramref name="cancellationToken"/> cancels it.</summary>
        public async Task<ChatResult> ChatAsync(ChatRequest request, CancellationToken cancellationToken = default)
        {
            if (request is null) throw new ArgumentNullException(nameof(request));
            if (string.IsNullOrWhiteSpace(request.Model)) throw new ArgumentException("the request names no model", nameof(request));
            if (request.Messages is null || !request.Messages.Any(m => m.Role != ChatRole.System))
                throw new ArgumentException("the request has no user or assistant message", nameof(request));

            var started = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            var call = new CallState(request with { Model = ResolveModel(request.Model) });
            TimeSpan timeout = request.Timeout ?? _options.DefaultTimeout;
            if (timeout <= TimeSpan.Zero && timeout != System.Threading.Timeout.InfiniteTimeSpan)
                throw new ArgumentOutOfRangeException(nameof(request), timeout, "the timeout must be positive (or infinite)");
            CheckLimits(request, timeout);

            using var timeoutCts = new CancellationTokenSource();
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutCts.Token);
            try
            {
                ProviderKind kind = ResolveProvider(call.Request.Model, request.Provider, request.BaseUri);
                call.ProviderName = ModelRouting.Name(kind);
                call.Key = ReadKey(_options, kind);
                if (call.Key is null && ModelRouting.KeyRequired(kind))
                {
                    string variable = ModelRouting.KeyVariable(kind);
                    throw new ProviderException(call.ProviderName, ProviderErrorKind.MissingKey,
                        $"{variable} is not set: set the environment variable {variable} to your {call.ProviderName} API key to call {call.Request.Model}");
                }
                CheckBudgets(call, kind, started);
                var provider = CreateProvider(kind, call.Key, request.BaseUri);
                call.Endpoint = BaseUriFor(_options, kind, request.BaseUri);
                var tracker = new DeltaTracker(request.TextDeltas);
                call.Request = call.Request with { TextDeltas = tracker, PartialUsage = usage => call.PartialUsage = usage };

                if (timeout != System.Threading.Timeout.InfiniteTimeSpan) timeoutCts.CancelAfter(timeout);
                var result = await SendWithRetryAsync(provider, call, tracker, clock, linked.Token).ConfigureAwait(false);
                result = Complete(call, result, clock.Elapsed, started);
                var record = Record(call, started, clock.Elapsed, result, null);
                return result with { Record = record };
            }
            catch (Exception ex) when (cancellationToken.IsCancellationRequested)
            {
                Log(call, $"{call.ProviderName}: cancelled after {Format(clock.Elapsed)}");
                Record(call, started, clock.Elapsed, null, "cancelled");
                if (ex is OperationCanceledException) throw;
                throw new OperationCanceledException("the call was cancelled", ex is ProviderException pe ? Scrubbed(pe, call.Key) : ex, cancellationToken);
            }
            catch (Exception) when (timeoutCts.IsCancellationRequested)
            {
                var timedOut = new ProviderException(call.ProviderName, ProviderErrorKind.Timeout,
                    $"{call.ProviderName} did not finish within the {Format(timeout)} timeout", isRetryable: false);
                Log(call, $"{call.ProviderName}: {timedOut.Message}");
                Record(call, started, clock.Elapsed, null, timedOut.RecordError);
                throw timedOut;
            }
            catch (BudgetExceededException ex)
            {
                RecordRefusal(call, started, ex);
                throw;
            }
            catch (ProviderException ex)
            {
                var scrubbed = Scrubbed(ex, call.Key);
                Record(call, started, clock.Elapsed, null, scrubbed.RecordError);
                throw scrubbed;
            }
            catch (Exception ex) when (!(ex is ArgumentException))
            {
                Record(call, started, clock.Elapsed, null, SecretScrubber.Scrub(ex.GetType().Name + ": " + ex.Message, call.Key));
                throw;
            }
        }

        /// <summary>Longest finite timeout (as Invoke-LlmChat -TimeoutSec allows); beyond it CancelAfter would throw.</summary>
        public static readonly TimeSpan MaxTimeout = TimeSpan.FromDays(1);

        /// <summary>
        /// Values a provider cannot take are refused before anything is sent or recorded, naming the setting: NaN or
        /// infinity cannot even be written as JSON, a scheme other than http(s) reached HttpClient as NotSupportedException.
        /// </summary>
        private static void CheckLimits(ChatRequest request, TimeSpan timeout)
        {
            if (timeout != System.Threading.Timeout.InfiniteTimeSpan && timeout > MaxTimeout)
                throw new TelemetryValidationException("timeout_sec", ((long)timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture),
                    $"must be at most {(long)MaxTimeout.TotalSeconds} (one day)");
            if (request.Temperature is double t && (double.IsNaN(t) || t < 0 || t > 2))
                throw new TelemetryValidationException("temperature", t.ToString("R", CultureInfo.InvariantCulture), "must be a number from 0 to 2");
            if (request.MaxTokens is int max && max < 1)
                throw new TelemetryValidationException("max_tokens", max.ToString(CultureInfo.InvariantCulture), "must be at least 1");
            if (request.MaxCostUsd is double cap && (double.IsNaN(cap) || double.IsInfinity(cap) || cap <= 0 || cap > Budget.MaxAmountUsd))
                throw new TelemetryValidationException("max_cost_usd", cap.ToString("R", CultureInfo.InvariantCulture),
                    $"must be a finite number of US dollars above 0 and at most {Budget.MaxAmountUsd.ToString("N0", CultureInfo.InvariantCulture)}");
            if (request.BaseUri is Uri uri && (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)))
                throw new TelemetryValidationException("base_url", uri.OriginalString, "must be an http:// or https:// URL");
        }

        private async Task<ChatResult> SendWithRetryAsync(IChatProvider provider, CallState call, DeltaTracker tracker, Stopwatch clock, CancellationToken token)
        {
            var retry = _options.Retry;
            int max = Math.Max(1, retry.MaxAttempts);
            for (int attempt = 1; ; attempt++)
            {
                call.Attempts = attempt;
                call.PartialUsage = null;
                TimeSpan attemptStart = clock.Elapsed;
                Log(call, $"{call.ProviderName}: {call.Request.Model} at {call.Endpoint}, attempt {attempt} of {max}{(call.Request.Stream ? ", streaming" : "")}");
                try
                {
                    var result = await provider.SendAsync(call.Request, token).ConfigureAwait(false);
                    Log(call, $"{call.ProviderName}: answered in {Format(result.Latency)} (attempt {attempt})");
                    return result with
                    {
                        Attempts = attempt,
                        TimeToFirstToken = result.TimeToFirstToken is TimeSpan ttft ? attemptStart + ttft : (TimeSpan?)null,
                    };
                }
                catch (ProviderException ex) when (!token.IsCancellationRequested)
                {
                    Log(call, $"{call.ProviderName}: attempt {attempt} failed: {SecretScrubber.Scrub(ex.Message, call.Key)}");
                    if (!ex.IsRetryable) throw;
                    if (tracker.Emitted)
                    {
                        // Text already went to the caller; a second attempt would print it twice.
                        Log(call, $"{call.ProviderName}: not retrying, part of the answer was already streamed");
                        throw;
                    }
                    if (attempt >= max)
                    {
                        Log(call, $"{call.ProviderName}: giving up after {attempt} attempts");
                        throw;
                    }
                    TimeSpan wait;
                    string why;
                    if (ex.RetryAfter is TimeSpan asked)
                    {
                        if (asked > retry.MaxRetryAfter)
                        {
                            Log(call, $"{call.ProviderName}: giving up, the provider asks to wait {Format(asked)} (more than {Format(retry.MaxRetryAfter)})");
                            throw;
                        }
                        wait = asked;
                        why = "as the provider asked";
                    }
                    else
                    {
                        wait = RetryPolicy.Backoff(retry, attempt);
                        why = "backoff";
                    }
                    if (clock.Elapsed + wait >= retry.MaxTotalTime)
                    {
                        Log(call, $"{call.ProviderName}: giving up, waiting {Format(wait)} more would pass the {Format(retry.MaxTotalTime)} retry limit");
                        throw;
                    }
                    Log(call, $"{call.ProviderName}: retrying in {Format(wait)} ({why})");
                    await (_options.Delay?.Invoke(wait, token) ?? Task.Delay(wait, token)).ConfigureAwait(false);
                }
            }
        }

        private ChatResult Complete(CallState call, ChatResult result, TimeSpan elapsed, DateTimeOffset started)
        {
            if (string.IsNullOrEmpty(result.Model)) result = result with { Model = call.Request.Model };
            if (result.UsageEstimated)
            {
                var model = result.Model;
                result = result with { Usage = ChatCallRecorder.Estimate(PromptText(call.Request), result.Content, model) };
                Log(call, $"{call.ProviderName}: the server reported no usage; tokens are estimated");
            }
            double? reported = result.CostUsd;
            if (reported is double r && RecordValidator.CostProblem(r) is { } problem)
            {
                // A server's cost is input like any other: one the record rules refuse would fail the recording.
                Warn(call, $"{call.ProviderName} reported a cost of {r.ToString("R", CultureInfo.InvariantCulture)} USD, which {problem}; the registry prices the call instead");
                reported = null;
            }
            double? cost = reported ?? Price(call, result.Model, result.Usage, started);
            return result with { CostUsd = cost, Latency = elapsed };
        }

        private double? Price(CallState call, string model, TokenUsage usage, DateTimeOffset at)
            => ChatCallRecorder.Price(_options.Pricer, model, usage, at, line => Warn(call, line));

        /// <summary>Stores the call through the recorder, which turns a sink failure into a warning so that recording never fails a call.</summary>
        private TelemetryRecord? Record(CallState call, DateTimeOffset started, TimeSpan elapsed, ChatResult? result, string? error)
        {
            if (_recorder is null) return null;
            var request = call.Request;
            return _recorder.Record(new ChatCall
            {
                Started = started,
                Duration = elapsed,
                Provider = call.ProviderName == "unknown" ? null : call.ProviderName,
                Model = result?.Model ?? request.Model,
                RequestedModel = request.Model,
                Stream = request.Stream,
                Attempts = call.Attempts,
                // A failed call keeps the tokens a stream reported before it broke; they are priced as the requested model.
                Usage = result?.Usage ?? call.PartialUsage,
                UsageEstimated = result?.UsageEstimated ?? false,
                CostUsd = result?.CostUsd,
                CostFinal = result is not null,
                FinishReason = result?.FinishReason,
                RequestId = result?.RequestId,
                ResponseId = result?.ResponseId,
                TimeToFirstToken = result?.TimeToFirstToken,
                Error = result is null ? error ?? "failed" : null,
                PromptText = PromptText(request),
                ResponseText = result?.Content,
                Agent = request.Agent,
                Operation = request.Operation,
                SessionId = request.SessionId,
                Project = request.Project,
                UserId = request.UserId,
                GitBranch = request.GitBranch,
                Source = request.Source,
                Key = call.Key,
            });
        }

        /// <summary>
        /// Refuses the call before it is sent when its estimate crosses the request's MaxCostUsd or an enforced budget
        /// covering it. The estimate is the most the call can cost: the prompt's tokens (<see cref="TokenEstimator"/>)
        /// as input plus the output cap (max_tokens, else what the provider will be sent: Anthropic's default, or the
        /// model's max output from the registry) at the model's prices. A model without a price cannot be estimated:
        /// it is let through (its calls add nothing to a budget's spend either).
        /// </summary>
        private void CheckBudgets(CallState call, ProviderKind kind, DateTimeOffset at)
        {
            var request = call.Request;
            if (request.MaxCostUsd is null && _options.Budgets is null) return;
            long input = TokenEstimator.EstimateTokens(PromptText(request), request.Model);
            long output = request.MaxTokens
                ?? (kind == ProviderKind.Anthropic ? _options.DefaultMaxTokens
                    : (_options.Pricer as RegistryPricing)?.Registry.Resolve(request.Model).Model?.MaxOutputTokens ?? _options.DefaultMaxTokens);
            // Priced as is, not held to the per-record cap: an estimate above it should refuse, not pass as unpriced.
            double? priced = _options.Pricer?.Price(request.Model, TokenUsage.Create(input, output), at);
            if (priced is not double estimate || double.IsNaN(estimate) || estimate < 0)
            {
                Warn(call, $"{request.Model} has no price, so the call's cost cannot be checked against a budget or a max cost");
                return;
            }
            string text = string.Format(CultureInfo.InvariantCulture, "{0:N0} prompt tokens estimated + {1:N0} max output tokens of {2}", input, output, request.Model);
            if (request.MaxCostUsd is double cap && estimate > cap) throw BudgetExceededException.ForMaxCost(cap, estimate, text);
            var metadata = _context.ApplyTo(new RecordMetadata { Project = request.Project, Source = request.Source ?? _options.Source });
            _options.Budgets?.Enforce(metadata.Project, request.Agent, request.Model, call.ProviderName, metadata.Source, estimate, text);
        }

        /// <summary>A refused call is an event of its own (budget_refused) with the numbers, never an llm_call: no cost is counted.</summary>
        private void RecordRefusal(CallState call, DateTimeOffset at, BudgetExceededException refusal)
        {
            if (_options.Sink is null) return;
            try
            {
                var request = call.Request;
                using var buffer = new MemoryStream();
                using (var w = new Utf8JsonWriter(buffer))
                {
                    w.WriteStartObject();
                    w.WriteString("limit", refusal.BudgetName is null ? "max_cost" : "budget");
                    if (refusal.BudgetName is null) w.WriteNull("budget"); else w.WriteString("budget", refusal.BudgetName);
                    w.WriteNumber("spent_usd", refusal.SpentUsd);
                    w.WriteNumber("estimate_usd", refusal.EstimateUsd);
                    w.WriteNumber("limit_usd", refusal.LimitUsd);
                    w.WriteEndObject();
                }
                var record = new TelemetryRecordBuilder()
                    .At(at)
                    .EventType(EventTypes.BudgetRefused)
                    .Provider(call.ProviderName == "unknown" ? null : call.ProviderName)
                    .Model(request.Model)
                    .Agent(request.Agent)
                    .Operation(request.Operation)
                    .Session(request.SessionId)
                    .User(request.UserId ?? _options.UserName ?? System.Environment.UserName)
                    .Metadata(_context.ApplyTo(new RecordMetadata { Project = request.Project, GitBranch = request.GitBranch, Source = request.Source ?? _options.Source }))
                    .Error(refusal.Message)
                    .Payload(JsonPayload.Parse(Encoding.UTF8.GetString(buffer.ToArray())))
                    .Build();
                _options.Sink.Record(record);
            }
            catch (Exception ex) when (!(ex is BudgetExceededException))
            {
                Warn(call, $"the refused call was not recorded: {ex.Message}");
            }
        }

        /// <summary>The prompt as one text, the form hashed and (when the user opts in) stored.</summary>
        internal static string PromptText(ChatRequest request)
        {
            var turns = new List<KeyValuePair<string, string>>();
            if (!string.IsNullOrEmpty(request.SystemPrompt)) turns.Add(new KeyValuePair<string, string>("system", request.SystemPrompt!));
            foreach (var m in request.Messages) turns.Add(new KeyValuePair<string, string>(m.RoleName, m.Content));
            return ChatCallRecorder.PromptText(turns);
        }

        private IChatProvider CreateProvider(ProviderKind kind, string? key, Uri? requestBaseUri)
        {
            Uri baseUri = BaseUriFor(_options, kind, requestBaseUri);
            if (kind == ProviderKind.Anthropic)
                return new AnthropicProvider(_http, new AnthropicProviderOptions { ApiKey = key ?? "", BaseUri = baseUri, DefaultMaxTokens = _options.DefaultMaxTokens });
            return new OpenAIProvider(_http, new OpenAIProviderOptions
            {
                Kind = kind,
                ApiKey = key,
                BaseUri = baseUri,
                Api = kind == ProviderKind.OpenAI ? _options.OpenAIApi : OpenAIApi.ChatCompletions,
                Headers = kind == ProviderKind.OpenRouter ? _options.OpenRouterHeaders : null,
            });
        }

        private static Uri BaseUriFor(LlmClientOptions options, ProviderKind kind, Uri? requestBaseUri)
        {
            Uri? uri = requestBaseUri;
            if (uri is null && options.BaseUris is not null && options.BaseUris.TryGetValue(kind, out var configured)) uri = configured;
            if (uri is null) return ModelRouting.DefaultBaseUri(kind);
            // "http://localhost:11434" is how people name a local server; its OpenAI API lives under /v1.
            if (kind == ProviderKind.OpenAICompatible && (uri.AbsolutePath == "/" || uri.AbsolutePath.Length == 0))
                return new Uri(uri, "v1/");
            return uri;
        }

        private static string? ReadKey(LlmClientOptions options, ProviderKind kind)
        {
            string? value = options.Environment(ModelRouting.KeyVariable(kind));
            return string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
        }

        private static ProviderException Scrubbed(ProviderException ex, string? key)
        {
            string message = SecretScrubber.Scrub(ex.Message, key);
            string? providerError = SecretScrubber.ScrubOrNull(ex.ProviderError, key);
            if (message == ex.Message && providerError == ex.ProviderError) return ex;
            // The original would still carry the key in its message, so it is not kept as the inner exception.
            return new ProviderException(ex.Provider, ex.Kind, message, ex.StatusCode, providerError, ex.IsRetryable, ex.RetryAfter);
        }

        private void Log(CallState call, string line) => _options.Log?.Invoke(SecretScrubber.Scrub(line, call.Key));

        private void Warn(CallState call, string line) => _options.Warning?.Invoke(SecretScrubber.Scrub(line, call.Key));

        internal static string Format(TimeSpan t)
        {
            if (t == System.Threading.Timeout.InfiniteTimeSpan) return "unlimited";
            if (t.TotalSeconds < 1) return Math.Round(t.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + " ms";
            return t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
        }

        /// <summary>The mutable facts of one call that the catch blocks need.</summary>
        private sealed class CallState
        {
            public CallState(ChatRequest request) => Request = request;

            public ChatRequest Request { get; set; }
            public string ProviderName { get; set; } = "unknown";
            public string? Key { get; set; }
            public Uri? Endpoint { get; set; }
            public int Attempts { get; set; }

            /// <summary>Usage a stream reported before it failed; written by the reading thread, read after it ended.</summary>
            public TokenUsage? PartialUsage { get; set; }
        }

        /// <summary>Forwards text deltas and remembers whether any went out, which rules out a retry.</summary>
        private sealed class DeltaTracker : IProgress<string>
        {
            private readonly IProgress<string>? _inner;
            private int _emitted;

            public DeltaTracker(IProgress<string>? inner) => _inner = inner;

            public bool Emitted => Volatile.Read(ref _emitted) != 0;

            public void Report(string value)
            {
                Volatile.Write(ref _emitted, 1);
                _inner?.Report(value);
            }
        }
    }
}
