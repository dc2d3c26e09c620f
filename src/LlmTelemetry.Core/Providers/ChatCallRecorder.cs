using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Text;
using System.Text.Json;
using LlmTelemetry.Budgets;
using LlmTelemetry.Configuration;
using LlmTelemetry.Pricing;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Providers
{
    /// <summary>
    /// Stores a <see cref="ChatCall"/>: prices it by the registry, fills the context (project, branch, host, user),
    /// builds the payload (attempts, stream, requested_model, finish_reason, ids, ttft_ms), scrubs keys from the error,
    /// and hands the prompt and answer to the sink, which keeps them only when the user opted in and removes their
    /// echoes from the error otherwise. The one path by which <see cref="LlmClient"/> and the IChatClient middleware record.
    /// Recording never fails a call: a sink or pricing failure becomes a line through <see cref="Warning"/>.
    /// </summary>
    public sealed class ChatCallRecorder
    {
        private readonly ITelemetrySink _sink;
        private readonly ICallPricer? _pricer;
        private readonly CallContext _context;

        /// <param name="sink">Where the records go (a <see cref="TelemetryStore"/>).</param>
        /// <param name="pricer">Prices calls that carry no cost of their own; null leaves them unpriced.</param>
        /// <param name="context">Project, branch and host where the call names none; detected from the current folder when null.</param>
        public ChatCallRecorder(ITelemetrySink sink, ICallPricer? pricer, CallContext? context = null)
        {
            _sink = sink ?? throw new ArgumentNullException(nameof(sink));
            _pricer = pricer;
            _context = context ?? CallContext.Detect();
        }

        /// <summary>Problems that do not fail the call: a record the sink could not store, a price refused, a budget alert.</summary>
        public Action<string>? Warning { get; init; }

        /// <summary>Budgets whose alerts are checked after each priced call (warnings through <see cref="Warning"/>); null: none.</summary>
        public BudgetMonitor? Budgets { get; init; }

        /// <summary>metadata.source when the call names none.</summary>
        public string Source { get; init; } = "llmtelemetry";

        /// <summary>user_id when the call names none; the OS user when null.</summary>
        public string? UserName { get; init; }

        /// <summary>Stores the call and returns the record as stored; null when it could not be stored (said through <see cref="Warning"/>).</summary>
        public TelemetryRecord? Record(ChatCall call)
        {
            if (call is null) throw new ArgumentNullException(nameof(call));
            try
            {
                bool success = call.Error is null;
                TokenUsage? usage = call.Usage;
                bool estimated = call.UsageEstimated;
                if (usage is null && success)
                {
                    usage = Estimate(call.PromptText, call.ResponseText, call.Model);
                    estimated = true;
                }
                var builder = new TelemetryRecordBuilder()
                    .At(call.Started)
                    .Provider(call.Provider)
                    .Model(call.Model)
                    .Agent(call.Agent)
                    .Operation(call.Operation)
                    .Session(call.SessionId)
                    .User(call.UserId ?? UserName ?? System.Environment.UserName)
                    .Metadata(_context.ApplyTo(new RecordMetadata
                    {
                        Project = call.Project,
                        GitBranch = call.GitBranch,
                        Source = call.Source ?? Source,
                    }))
                    .DurationMs((long)Math.Round(call.Duration.TotalMilliseconds))
                    .PromptHash(RecordIds.Sha256Hash(call.PromptText))
                    .Payload(Payload(call, estimated));
                if (usage is not null)
                    builder.Tokens(usage).Cost(call.CostFinal ? call.CostUsd : call.CostUsd ?? Price(_pricer, call.Model, usage, call.Started, line => Warn(call, line)));
                if (success)
                    builder.Success(true).ResponseHash(RecordIds.Sha256Hash(call.ResponseText ?? ""));
                else
                    builder.Error(SecretScrubber.Scrub(call.Error!, call.Key));
                var stored = _sink.Record(builder.Build(), call.PromptText, success ? call.ResponseText ?? "" : call.ResponseText);
                if (stored.CostUsd is double cost && cost > 0) Budgets?.CheckAlertsAfter(line => Warn(call, line));
                return stored;
            }
            catch (Exception ex)
            {
                Warn(call, $"the call was not recorded: {ex.Message}");
                return null;
            }
        }

        /// <summary>
        /// The prompt as one text, the form hashed, stored (when the user opts in) and kept out of errors: each turn as
        /// "role: content", separated by a blank line. Turns are role name (system, user, assistant, tool, …) and text.
        /// </summary>
        public static string PromptText(IEnumerable<KeyValuePair<string, string>> turns)
        {
            if (turns is null) throw new ArgumentNullException(nameof(turns));
            var text = new StringBuilder();
            foreach (var turn in turns)
            {
                if (text.Length > 0) text.Append("\n\n");
                text.Append(turn.Key).Append(": ").Append(turn.Value);
            }
            return text.ToString();
        }

        /// <summary>Tokens of a call whose server reported no usage, estimated from its texts (<see cref="TokenEstimator"/>).</summary>
        internal static TokenUsage Estimate(string? promptText, string? responseText, string? model)
            => TokenUsage.Create(TokenEstimator.EstimateTokens(promptText, model), TokenEstimator.EstimateTokens(responseText, model));

        /// <summary>The registry's price held to the record rules; a price that cannot be stored leaves the call unpriced, and says why.</summary>
        internal static double? Price(ICallPricer? pricer, string model, TokenUsage usage, DateTimeOffset at, Action<string> warn)
        {
            CheckedPrice priced;
            try
            {
                priced = CheckedPrice.Of(pricer, model, usage, at);
            }
            catch (Exception ex)
            {
                warn($"could not price {model}: {ex.Message}");
                return null;
            }
            // An override priced absurdly (or a pricer gone wrong): record the call unpriced, and say why.
            if (priced.Problem is { } problem) warn(problem + "; the call is recorded unpriced");
            return priced.Cost;
        }

        private void Warn(ChatCall call, string line) => Warning?.Invoke(SecretScrubber.Scrub(line, call.Key));

        private static JsonPayload Payload(ChatCall call, bool estimated)
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer))
            {
                w.WriteStartObject();
                w.WriteNumber("attempts", call.Attempts);
                w.WriteBoolean("stream", call.Stream);
                if (call.Error is null)
                {
                    if (call.RequestedModel is not null && !string.Equals(call.Model, call.RequestedModel, StringComparison.Ordinal))
                        w.WriteString("requested_model", call.RequestedModel);
                    if (call.FinishReason is not null) w.WriteString("finish_reason", call.FinishReason);
                    if (call.RequestId is not null) w.WriteString("request_id", call.RequestId);
                    if (call.ResponseId is not null && call.ResponseId != call.RequestId) w.WriteString("response_id", call.ResponseId);
                    if (call.TimeToFirstToken is TimeSpan ttft) w.WriteNumber("ttft_ms", (long)Math.Round(ttft.TotalMilliseconds));
                    if (estimated) w.WriteBoolean("usage_estimated", true);
                }
                w.WriteEndObject();
            }
            return JsonPayload.Parse(Encoding.UTF8.GetString(buffer.ToArray()));
        }
    }
}
