using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using LlmTelemetry.Configuration;
using LlmTelemetry.Pricing;
using ChatCall = LlmTelemetry.Providers.ChatCall;
using ChatCallRecorder = LlmTelemetry.Providers.ChatCallRecorder;
using LlmTelemetry.Storage;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace LlmTelemetry.Extensions.AI
{
    /// <summary>
    /// Records every call of the inner client into the LlmTelemetry store through the core's <see cref="ChatCallRecorder"/>,
    /// as the core's own client records: priced by the registry, cached tokens taken out of input, keys scrubbed from
    /// errors, prompt and answer text kept only when the user opted in (LLM_STORE_PROMPTS, LLM_STORE_RESPONSES).
    /// A failure or a cancellation is recorded and rethrown unchanged; a failure to record never fails the call.
    /// </summary>
    public sealed class TelemetryChatClient : DelegatingChatClient
    {
        /// <summary>The error of a cancelled call, as the core's client records it.</summary>
        public const string CancelledError = "cancelled";

        /// <summary>The error of a stream its caller disposed before it ended.</summary>
        public const string AbandonedError = "abandoned: the stream was disposed before it ended";

        private readonly LlmTelemetryChatOptions _options;
        private readonly ILogger? _logger;
        private readonly Lazy<ChatCallRecorder> _recorder;
        private readonly Lazy<ChatClientMetadata?> _metadata;
        private TelemetryStore? _ownedStore;

        public TelemetryChatClient(IChatClient innerClient, LlmTelemetryChatOptions? options = null, ILogger? logger = null)
            : base(innerClient)
        {
            _options = options ?? new LlmTelemetryChatOptions();
            _logger = logger;
            // Opened on the first call, not when the pipeline is built: a DI container may build clients it never uses.
            _recorder = new Lazy<ChatCallRecorder>(CreateRecorder, LazyThreadSafetyMode.ExecutionAndPublication);
            _metadata = new Lazy<ChatClientMetadata?>(() => innerClient.GetService(typeof(ChatClientMetadata)) as ChatClientMetadata);
        }

        public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            var list = messages as IList<ChatMessage> ?? messages.ToList();
            var call = Begin(list, options, stream: false);
            ChatResponse response;
            try
            {
                response = await base.GetResponseAsync(list, options, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                call.Fail(ex, cancellationToken.IsCancellationRequested);
                Record(call);
                throw;
            }
            call.Model = response.ModelId;
            call.Usage = response.Usage;
            call.FinishReason = response.FinishReason?.Value;
            call.ResponseId = response.ResponseId;
            call.Text.Append(response.Text);
            call.Succeeded = true;
            Record(call);
            return response;
        }

        public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
            [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            var list = messages as IList<ChatMessage> ?? messages.ToList();
            var call = Begin(list, options, stream: true);
            IAsyncEnumerator<ChatResponseUpdate>? updates = null;
            try
            {
                while (true)
                {
                    ChatResponseUpdate update;
                    try
                    {
                        updates ??= base.GetStreamingResponseAsync(list, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
                        if (!await updates.MoveNextAsync().ConfigureAwait(false)) break;
                        update = updates.Current;
                    }
                    catch (Exception ex)
                    {
                        call.Fail(ex, cancellationToken.IsCancellationRequested);
                        throw;
                    }
                    call.Observe(update);
                    yield return update;
                }
                call.Succeeded = true;
            }
            finally
            {
                // Reached when the stream ended, failed, or its caller stopped reading (disposed the enumerator early):
                // each records the call once.
                try
                {
                    if (updates is not null) await updates.DisposeAsync().ConfigureAwait(false);
                }
                finally
                {
                    if (!call.Succeeded && call.Error is null) call.Error = AbandonedError;
                    Record(call);
                }
            }
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing) _ownedStore?.Dispose();
            base.Dispose(disposing);
        }

        private CallInProgress Begin(IList<ChatMessage> messages, ChatOptions? options, bool stream)
        {
            var turns = new List<KeyValuePair<string, string>>(messages.Count + 1);
            if (!string.IsNullOrEmpty(options?.Instructions)) turns.Add(new KeyValuePair<string, string>("system", options!.Instructions!));
            foreach (var m in messages) turns.Add(new KeyValuePair<string, string>(m.Role.Value, m.Text));
            return new CallInProgress(ChatCallRecorder.PromptText(turns), options?.ModelId ?? _metadata.Value?.DefaultModelId, stream);
        }

        private void Record(CallInProgress call)
        {
            var elapsed = call.Clock.Elapsed;
            try
            {
                var usage = UsageMapping.ToTokens(call.Usage);
                _recorder.Value.Record(new ChatCall
                {
                    Started = call.Started,
                    Duration = elapsed,
                    Provider = ProviderName(),
                    // What answered, else what was asked for; a record of a call needs a model.
                    Model = call.Model ?? call.RequestedModel ?? "unknown",
                    RequestedModel = call.RequestedModel,
                    Stream = call.Stream,
                    Usage = usage,
                    FinishReason = call.FinishReason,
                    ResponseId = call.ResponseId,
                    TimeToFirstToken = call.TimeToFirstToken,
                    Error = call.Succeeded ? null : call.Error,
                    PromptText = call.PromptText,
                    ResponseText = call.Text.ToString(),
                    Agent = _options.Agent,
                    Operation = _options.Operation,
                    SessionId = _options.Session,
                    Project = _options.Project,
                    UserId = _options.User,
                    Source = _options.Source,
                });
            }
            catch (Exception ex)
            {
                // The recorder turns its own failures into warnings; this is opening the store (a bad folder or config).
                Warn($"the call was not recorded: {ex.Message}");
            }
        }

        private ChatCallRecorder CreateRecorder()
        {
            var store = _options.Store;
            if (store is null)
            {
                store = _ownedStore = new TelemetryStore(new StoreOptions { Root = _options.StoreRoot });
                store.Warning += Warn;
            }
            var pricer = _options.Pricer;
            if (pricer is null)
            {
                var registry = RegistryPricing.Default;
                // A broken override file leaves the built-ins working; said once, as the CLI says it.
                foreach (var warning in registry.Registry.LoadWarnings) Warn(warning);
                pricer = registry;
            }
            return new ChatCallRecorder(store, pricer) { Warning = Warn, Source = _options.Source, UserName = _options.User };
        }

        /// <summary>The option, else the endpoint's host for the providers whose host says it, else the client's own name.</summary>
        private string? ProviderName()
        {
            if (!string.IsNullOrWhiteSpace(_options.ProviderName)) return _options.ProviderName;
            var metadata = _metadata.Value;
            string? host = metadata?.ProviderUri?.Host;
            if (host is not null)
            {
                if (host.EndsWith("openrouter.ai", StringComparison.OrdinalIgnoreCase)) return "openrouter";
                if (host.EndsWith("anthropic.com", StringComparison.OrdinalIgnoreCase)) return "anthropic";
                if (host.EndsWith("openai.com", StringComparison.OrdinalIgnoreCase)) return "openai";
            }
            return string.IsNullOrWhiteSpace(metadata?.ProviderName) ? null : metadata!.ProviderName!.Trim().ToLowerInvariant();
        }

        private void Warn(string line)
        {
            if (_options.Warning is { } warning) warning(line);
            else if (_logger is not null) _logger.LogWarning("LlmTelemetry: {Warning}", line);
            else Console.Error.WriteLine("LlmTelemetry warning: " + line);
        }

        /// <summary>What is known of one call while it runs; a stream's updates are read on one thread at a time.</summary>
        private sealed class CallInProgress
        {
            public CallInProgress(string promptText, string? requestedModel, bool stream)
            {
                PromptText = promptText;
                RequestedModel = requestedModel;
                Stream = stream;
            }

            public DateTimeOffset Started { get; } = DateTimeOffset.UtcNow;
            public Stopwatch Clock { get; } = Stopwatch.StartNew();
            public string PromptText { get; }
            public string? RequestedModel { get; }
            public bool Stream { get; }
            public string? Model { get; set; }
            public UsageDetails? Usage { get; set; }
            public string? FinishReason { get; set; }
            public string? ResponseId { get; set; }
            public TimeSpan? TimeToFirstToken { get; set; }
            public System.Text.StringBuilder Text { get; } = new System.Text.StringBuilder();
            public bool Succeeded { get; set; }
            public string? Error { get; set; }

            public void Fail(Exception ex, bool cancelled)
                => Error = cancelled ? CancelledError : ex.GetType().Name + ": " + ex.Message;

            public void Observe(ChatResponseUpdate update)
            {
                if (update.ModelId is not null) Model = update.ModelId;
                if (update.ResponseId is not null) ResponseId = update.ResponseId;
                if (update.FinishReason is { } reason) FinishReason = reason.Value;
                string text = update.Text;
                if (text.Length > 0)
                {
                    TimeToFirstToken ??= Clock.Elapsed;
                    Text.Append(text);
                }
                foreach (var content in update.Contents)
                {
                    if (content is not UsageContent usage) continue;
                    // Summed as ChatResponse.ToChatResponse sums them: an adapter may report input and output apart.
                    if (Usage is null) Usage = new UsageDetails();
                    Usage.Add(usage.Details);
                }
            }
        }
    }
}
