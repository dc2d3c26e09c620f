using System;
using LlmTelemetry.Configuration;
using LlmTelemetry.Pricing;
using LlmTelemetry.Records;

namespace LlmTelemetry.Storage
{
    /// <summary>
    /// Turns a <see cref="RecordRequest"/> into a stored record: context (project, branch, host), price, hashes.
    /// The one implementation behind Write-LlmTelemetry and the CLI's record command.
    /// </summary>
    public sealed class CallRecorder
    {
        private readonly ITelemetrySink _sink;
        private readonly ICallPricer? _pricer;
        private readonly CallContext _context;

        /// <param name="pricer">Prices a call the request gives no cost for, and names the provider of a model when the
        /// request names none; null leaves both empty.</param>
        public CallRecorder(ITelemetrySink sink, ICallPricer? pricer, CallContext? context = null)
        {
            _sink = sink ?? throw new ArgumentNullException(nameof(sink));
            _pricer = pricer;
            _context = context ?? CallContext.Detect();
        }

        /// <summary>Builds, prices, validates and stores; throws a validation error naming the bad field, having written nothing.</summary>
        public TelemetryRecord Record(RecordRequest request)
        {
            var builder = new TelemetryRecordBuilder()
                .At(request.Timestamp ?? DateTimeOffset.UtcNow)
                .EventType(string.IsNullOrWhiteSpace(request.EventType) ? EventTypes.LlmCall : request.EventType!)
                .Model(request.Model)
                .Provider(request.Provider ?? (request.Model is null ? null : _pricer?.ProviderOf(request.Model)))
                .Agent(request.Agent)
                .Operation(request.Operation)
                .Session(request.Session)
                .User(request.User ?? Environment.UserName)
                .DurationMs(request.DurationMs)
                .Success(request.Success && request.Error is null)
                .Tokens(request.InputTokens, request.OutputTokens, request.CacheCreationInputTokens,
                    request.CacheCreation1hInputTokens, request.CacheReadInputTokens, request.ReasoningTokens)
                .Metadata(_context.ApplyTo(new RecordMetadata { Project = request.Project, Error = request.Error, Source = request.Source }));
            if (request.PayloadJson is not null) builder.Payload(JsonPayload.Parse(request.PayloadJson));
            var record = builder.Build();
            double? cost = request.CostUsd;
            if (cost is null && record.IsLlmCall && record.Model is not null)
            {
                var priced = CheckedPrice.Of(_pricer, record.Model, record.Tokens, record.Timestamp);
                // The caller gave tokens, not this cost: the error names the tokens, not a --cost-usd never passed.
                if (priced.Problem is { } problem)
                    throw new TelemetryValidationException("tokens", record.Tokens.Total.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        problem + "; check the token counts");
                cost = priced.Cost;
            }
            record = record with { CostUsd = cost };
            return _sink.Record(record, request.Prompt, request.Response);
        }
    }
}
