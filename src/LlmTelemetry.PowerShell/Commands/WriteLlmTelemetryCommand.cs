using System;
using System.Collections;
using System.Collections.Specialized;
using System.Management.Automation;
using LlmTelemetry.Configuration;
using LlmTelemetry.Internal;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Commands
{
    /// <summary>Write-LlmTelemetry: records a call (or another event) made outside the module, through the core's CallRecorder.</summary>
    [Cmdlet(VerbsCommunications.Write, "LlmTelemetry", SupportsShouldProcess = true)]
    [OutputType(typeof(LlmRecord))]
    public sealed class WriteLlmTelemetryCommand : LlmTelemetryCommand
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        public string? Model { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Provider { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0L, long.MaxValue)]
        public long InputTokens { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0L, long.MaxValue)]
        public long OutputTokens { get; set; }

        /// <summary>Tokens written to the prompt cache (all lifetimes).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0L, long.MaxValue)]
        public long CacheCreationInputTokens { get; set; }

        /// <summary>The part of CacheCreationInputTokens written with the 1-hour lifetime.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0L, long.MaxValue)]
        public long CacheCreation1hInputTokens { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0L, long.MaxValue)]
        public long CacheReadInputTokens { get; set; }

        /// <summary>The part of OutputTokens spent on reasoning.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0L, long.MaxValue)]
        public long ReasoningTokens { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0L, long.MaxValue)]
        public long? DurationMs { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Agent { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Operation { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Session { get; set; }

        /// <summary>Default: the git root's (or current folder's) name.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? Project { get; set; }

        /// <summary>Default: the current user name.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? User { get; set; }

        /// <summary>False for a failed call (an -ErrorMessage also marks it failed).</summary>
        [Parameter]
        public bool Success { get; set; } = true;

        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? ErrorMessage { get; set; }

        /// <summary>Hashed into PromptHash; the text is stored only when StorePrompts is on.</summary>
        [Parameter]
        public string? Prompt { get; set; }

        /// <summary>Hashed into ResponseHash; the text is stored only when StoreResponses is on.</summary>
        [Parameter]
        public string? Response { get; set; }

        /// <summary>llm_call (default), SessionStart, ToolCall, Error, or a name of your own.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public string? EventType { get; set; }

        /// <summary>The event's data, stored as JSON.</summary>
        [Parameter]
        public IDictionary? Payload { get; set; }

        /// <summary>The cost in USD; without it the model registry prices the call (unpriced models stay null).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateRange(0.0, double.MaxValue)]
        public double? CostUsd { get; set; }

        /// <summary>When the call was made; default: now. A DateTime without a zone (Kind Unspecified) is UTC; Get-Date's (Local) stays local.</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        public DateTime? Timestamp { get; set; }

        /// <summary>Write the stored record.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>The store's root folder; default: the configured store.</summary>
        [Parameter]
        public string? Path { get; set; }

        private TelemetryStore? _store;
        private CallRecorder? _recorder;

        protected override void BeginProcessing()
        {
            _store = OpenStore(Path);
            // A call without -CostUsd is priced by the registry; a model it does not know stays unpriced (cost null),
            // which reports count as UnpricedCalls rather than $0.
            _recorder = new CallRecorder(_store, Pricing, CallContext.Detect(CurrentFolder));
        }

        protected override void ProcessRecord()
        {
            // The event type's spelling and a timestamp without a zone are the core's rules (EventTypes, IsoTimestamp),
            // the same as `llm-telemetry record`'s; the target only labels the call for -WhatIf and errors.
            string target = Model ?? (string.IsNullOrWhiteSpace(EventType) ? "(no model)" : EventType!);
            try
            {
                var request = new RecordRequest
                {
                    Model = Model,
                    Provider = Provider,
                    InputTokens = InputTokens,
                    OutputTokens = OutputTokens,
                    CacheCreationInputTokens = CacheCreationInputTokens,
                    CacheCreation1hInputTokens = CacheCreation1hInputTokens,
                    CacheReadInputTokens = CacheReadInputTokens,
                    ReasoningTokens = ReasoningTokens,
                    DurationMs = DurationMs,
                    Agent = Agent,
                    Operation = Operation,
                    // LLM_SESSION_ID names the session of records written without one (rows piped from a file keep none).
                    Session = string.IsNullOrEmpty(Session) ? Status.SessionIdentity.FromEnvironment() : Session,
                    Project = Project,
                    User = User,
                    Success = Success,
                    Error = string.IsNullOrEmpty(ErrorMessage) ? null : ErrorMessage,
                    CostUsd = CostUsd,
                    Timestamp = Timestamp is DateTime t ? IsoTimestamp.FromDateTime(t, "Timestamp") : (DateTimeOffset?)null,
                    EventType = EventType,
                    Prompt = Prompt,
                    Response = Response,
                    Source = "Write-LlmTelemetry",
                    PayloadJson = Payload is null ? null : PayloadWriter.FromDictionary(Payload, Unwrap),
                };
                if (!ShouldProcess(_store!.Root, $"Record {target}")) return;
                var stored = _recorder!.Record(request);
                if (PassThru) WriteObject(new LlmRecord(stored, System.TimeZoneInfo.Local));
            }
            catch (TelemetryValidationException ex)
            {
                // Bad input for this call: nothing was written; report it and go on with the next piped call.
                Report(ex, target);
            }
            catch (TelemetryException ex)
            {
                ThrowTerminatingError(ErrorRecords.From(ex, ErrorPrefix, _store!.Root));
            }
        }

        /// <summary>PowerShell wraps values in PSObject; a [pscustomobject] becomes a JSON object of its properties.</summary>
        private static object? Unwrap(object? value)
        {
            if (value is not PSObject ps) return value;
            if (ps.BaseObject is PSCustomObject)
            {
                var map = new OrderedDictionary();
                foreach (var property in ps.Properties) map[property.Name] = property.Value;
                return map;
            }
            return ps.BaseObject;
        }
    }
}
