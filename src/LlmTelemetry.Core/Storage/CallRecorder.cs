using System;
using LlmTelemetry.Configuration;
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
        private readonly Func<string, TokenUsage, DateTimeOffset, double?>? _price;
        private readonly Func<string, string?>? _providerOf;
        private readonly CallContext _context;

        /// <param name="price">Prices a call (model, tokens, time) or returns null when the model is unknown.</param>
        /// <param name="providerOf">The provider the registry knows for a model, used when the request names none.</param>
        public CallRecorder(ITelemetrySink sink, Func<string, TokenUsage, DateTimeOffset, double?>? price,
            Func<string, string?>? providerOf = null, CallContext? context = null)
        {
            _sink = sink;
            _price = price;
            _providerOf = providerOf;
            _context = context ?? CallContext.Detect();
        }

        /// <summary>Builds, prices, validates and stores; throws a validation error naming the bad field, having written nothing.</summary>
        public TelemetryRecord Record(RecordRequest request)
        {
            var builder = new TelemetryRecordBuilder()
                .At(request.Timestamp ?? DateTimeOffset.UtcNow)
                .EventType(string.IsNullOrWhiteSpace(request.EventType) ? EventTypes.LlmCall : request.EventType!)
                .Model(request.Model)
                .Provider(request.Provider ?? (request.Model is null ? null : _providerOf?.Invoke(request.Model)))
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
            if (cost is null && record.IsLlmCall && record.Model is not null && _price is not null)
            {
                cost = _price(record.Model, record.Tokens, record.Timestamp);
                // The caller gave tokens, not this cost: the error names the tokens, not a --cost-usd never passed.
                if (cost is double priced && RecordValidator.CostProblem(priced) is { } problem)
                    throw new TelemetryValidationException("tokens", record.Tokens.Total.ToString(System.Globalization.CultureInfo.InvariantCulture),
                        $"the registry prices these tokens of {record.Model} at {priced.ToString("R", System.Globalization.CultureInfo.InvariantCulture)} USD, and a cost {problem}; check the token counts");
            }
            record = record with { CostUsd = cost };
            return _sink.Record(record, request.Prompt, request.Response);
        }
    }
}
