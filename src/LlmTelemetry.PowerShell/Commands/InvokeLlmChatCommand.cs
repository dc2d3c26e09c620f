using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using LlmTelemetry.Completion;
using LlmTelemetry.Configuration;
using LlmTelemetry.Internal;
using LlmTelemetry.Providers;

namespace LlmTelemetry.Commands
{
    /// <summary>
    /// Invoke-LlmChat: asks a model through the core's recording client; every call is in the store afterwards,
    /// failed or not. Piped prompts make one call each. The client works on other threads; a PipelineBridge writes
    /// what it reports (streamed text, attempts, warnings) from the pipeline thread while the call runs.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "LlmChat")]
    [OutputType(typeof(LlmChatResponse))]
    public sealed class InvokeLlmChatCommand : LlmTelemetryCommand
    {
        /// <summary>The user's message; from the pipeline, one call per string.</summary>
        [Parameter(Position = 0, ValueFromPipeline = true)]
        [AllowEmptyString]
        public string? Prompt { get; set; }

        [Parameter]
        public string? System { get; set; }

        /// <summary>Model id or alias (sonnet, haiku, gpt-4o-mini, a local server's model name).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(RegistryModelCompleter))]
        public string Model { get; set; } = ChatArguments.DefaultModel;

        /// <summary>anthropic, openai, openrouter or openai-compatible (OpenAICompatible too); default: from the model (or openai-compatible with -BaseUri).</summary>
        [Parameter]
        [ArgumentCompleter(typeof(ChatProviderCompleter))]
        public string? Provider { get; set; }

        /// <summary>An OpenAI-compatible server (Ollama, vLLM, LM Studio) or a proxy.</summary>
        [Parameter]
        public Uri? BaseUri { get; set; }

        [Parameter]
        [ValidateRange(1, int.MaxValue)]
        public int? MaxTokens { get; set; }

        [Parameter]
        [ValidateRange(0.0, 2.0)]
        public double? Temperature { get; set; }

        /// <summary>Earlier turns, sent before -Prompt: hashtables with role (system, user, assistant) and content.</summary>
        [Parameter]
        public Hashtable[]? Messages { get; set; }

        /// <summary>Write the answer to the host as it arrives (the object is still written at the end).</summary>
        [Parameter]
        public SwitchParameter Stream { get; set; }

        /// <summary>Anthropic: mark the system prompt cacheable (-CacheSystemPrompt:$false never); default: when it is long enough.</summary>
        [Parameter]
        public SwitchParameter CacheSystemPrompt { get; set; }

        [Parameter]
        public string? Agent { get; set; }

        [Parameter]
        public string? Operation { get; set; }

        [Parameter]
        public string? Session { get; set; }

        /// <summary>Refuse the call when its estimate (prompt tokens plus max_tokens, at the model's prices) costs more than this many USD.</summary>
        [Parameter]
        [ValidateRange(0.0, 1_000_000_000.0)]
        public double MaxCostUsd { get; set; }

        /// <summary>The whole call, retries and waits included; default 600.</summary>
        [Parameter]
        [ValidateRange(1, 86400)]
        public int? TimeoutSec { get; set; }

        /// <summary>Retries after the first attempt on 429, 5xx and connection failures; default 3, 0 turns retrying off.</summary>
        [Parameter]
        [ValidateRange(0, 20)]
        public int? MaxRetries { get; set; }

        /// <summary>The store's root folder the call is recorded in; default: the configured store.</summary>
        [Parameter]
        public string? StorePath { get; set; }

        // -Provider and -Model as the core reads them, once for the whole pipeline.
        private ProviderKind? _provider;
        private string _model = ChatArguments.DefaultModel;
        private LlmClient? _client;
        private PipelineBridge? _bridge;
        private IReadOnlyList<ChatMessage> _history = Array.Empty<ChatMessage>();

        protected override void BeginProcessing()
        {
            if (BaseUri is not null && !BaseUri.IsAbsoluteUri)
                ThrowTerminatingError(ErrorRecords.Create($"-BaseUri must be an absolute URI such as http://127.0.0.1:11434/v1, not '{BaseUri}'.", ErrorPrefix, "InvalidBaseUri", ErrorCategory.InvalidArgument, BaseUri));
            _provider = Guard(() => ChatArguments.ParseProvider(Provider, nameof(Provider)), Provider);
            _model = Guard(() => ChatArguments.Model(Model, nameof(Model)), Model);
            _history = (Messages ?? Array.Empty<Hashtable>()).Select(ToMessage).ToList();
            var bridge = _bridge = new PipelineBridge(this, StopToken);
            var store = OpenStore(StorePath, bridge.WriteWarning);
            _client = new LlmClient(new LlmClientOptions
            {
                Sink = store,
                Pricer = Pricing,
                Log = bridge.WriteVerbose,
                Warning = bridge.WriteWarning,
                Retry = MaxRetries is int r ? RetryOptions.Default with { MaxAttempts = r + 1 } : RetryOptions.Default,
                Source = "Invoke-LlmChat",
                Context = CallContext.Detect(CurrentFolder),
                // Enforced budgets refuse a call that would cross them; every recorded call checks the alerts.
                Budgets = new Budgets.BudgetMonitor(store),
            });
        }

        protected override void ProcessRecord()
        {
            bool prompted = !string.IsNullOrWhiteSpace(Prompt);
            if (!prompted)
            {
                // A blank line of a piped file is not worth a call; no prompt at all on the command line is a mistake.
                if (MyInvocation.ExpectingInput) { WriteWarning("An empty prompt was skipped."); return; }
                if (_history.Count == 0)
                    ThrowTerminatingError(ErrorRecords.Create("Give a -Prompt (or -Messages).", ErrorPrefix, "NoPrompt", ErrorCategory.InvalidArgument, null));
            }
            bool streamed = false;
            var messages = prompted ? _history.Append(ChatMessage.User(Prompt!)).ToList() : _history;
            var request = new ChatRequest
            {
                Model = _model,
                Messages = messages,
                SystemPrompt = string.IsNullOrEmpty(System) ? null : System,
                MaxTokens = MaxTokens,
                Temperature = Temperature,
                Stream = Stream.IsPresent,
                TextDeltas = Stream.IsPresent ? _bridge!.Reporter<string>(text => { Host.UI.Write(text); streamed = true; }) : null,
                Timeout = TimeoutSec is int s ? TimeSpan.FromSeconds(s) : (TimeSpan?)null,
                Provider = _provider,
                BaseUri = BaseUri,
                CacheSystemPrompt = MyInvocation.BoundParameters.ContainsKey(nameof(CacheSystemPrompt)) ? CacheSystemPrompt.IsPresent : (bool?)null,
                Agent = Agent,
                Operation = Operation,
                // The calls this PowerShell session makes are its session, which Get-LlmStatus shows.
                SessionId = string.IsNullOrEmpty(Session) ? Status.SessionIdentity.Resolve() : Session,
                Source = "Invoke-LlmChat",
                MaxCostUsd = MyInvocation.BoundParameters.ContainsKey(nameof(MaxCostUsd)) ? MaxCostUsd : (double?)null,
            };

            var client = _client!;
            try
            {
                // Ctrl+C ends the call as PipelineStoppedException; the core has recorded it as failed ("cancelled").
                ChatResult result;
                try { result = _bridge!.Run(stop => client.ChatAsync(request, stop)); }
                finally { if (streamed) Host.UI.WriteLine(); }
                WriteObject(new LlmChatResponse(result));
            }
            catch (ProviderException ex) when (ex.Kind == ProviderErrorKind.MissingKey || ex.Kind == ProviderErrorKind.InvalidRequest)
            {
                // No call could succeed as given; the next piped prompt would fail the same way.
                ThrowTerminatingError(ErrorRecords.From(ex, ErrorPrefix, Model));
            }
            catch (ProviderException ex)
            {
                Report(ex, Model);
            }
            catch (Exception ex) when (IsReportable(ex))
            {
                Report(ex, Model);
            }
        }

        protected override void EndProcessing()
        {
            _client?.Dispose();
            _client = null;
        }

        protected override void DisposeResources()
        {
            // A stopped pipeline can leave while the cancelled call is still recording itself; let it finish first.
            _bridge?.WaitForRunning(TimeSpan.FromSeconds(5));
            _client?.Dispose();
            _client = null;
        }

        private ChatMessage ToMessage(Hashtable entry, int index)
        {
            string Describe() => $"-Messages entry {index} (@{{{string.Join("; ", entry.Keys.Cast<object>().Select(k => k + " = …"))}}})";
            object? role = Value(entry, "role");
            object? content = Value(entry, "content");
            if (role is null || content is null)
                ThrowTerminatingError(ErrorRecords.Create($"{Describe()} needs a role and a content key.", ErrorPrefix, "InvalidMessage", ErrorCategory.InvalidArgument, entry));
            if (!Enum.TryParse(role!.ToString(), ignoreCase: true, out ChatRole parsed) || !Enum.IsDefined(typeof(ChatRole), parsed))
                ThrowTerminatingError(ErrorRecords.Create($"{Describe()} has role '{role}'; expected system, user or assistant.", ErrorPrefix, "InvalidMessage", ErrorCategory.InvalidArgument, entry));
            string text = content is PSObject ps ? ps.BaseObject?.ToString() ?? "" : content!.ToString() ?? "";
            if (text.Trim().Length == 0)
                ThrowTerminatingError(ErrorRecords.Create($"{Describe()} has an empty content.", ErrorPrefix, "InvalidMessage", ErrorCategory.InvalidArgument, entry));
            return new ChatMessage(parsed, text);
        }

        /// <summary>A key looked up case-insensitively, whatever comparer the hashtable was made with.</summary>
        private static object? Value(Hashtable entry, string key)
        {
            foreach (DictionaryEntry e in entry)
                if (string.Equals(e.Key?.ToString(), key, StringComparison.OrdinalIgnoreCase)) return e.Value is PSObject p ? p.BaseObject : e.Value;
            return null;
        }
    }
}
