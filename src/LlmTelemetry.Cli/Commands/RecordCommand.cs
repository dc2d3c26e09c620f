using System;
using System.CommandLine;
using System.Globalization;
using LlmTelemetry.Cli.Output;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Cli.Commands
{
    /// <summary>`record`: write one call made some other way (the shell twin of Write-LlmTelemetry).</summary>
    internal static class RecordCommand
    {
        private static readonly Option<string> Model = new("--model") { Description = "Model id or alias", Required = true };
        private static readonly Option<long> Input = new("--input-tokens") { Description = "Input tokens billed at the base rate (cache excluded)", Required = true };
        private static readonly Option<long> Output = new("--output-tokens") { Description = "Output tokens (reasoning included)", Required = true };
        private static readonly Option<string?> Provider = new("--provider") { Description = "Provider (anthropic, openai, …)" };
        private static readonly Option<long> CacheWrite = new("--cache-creation-input-tokens") { Description = "Cache write tokens (all lifetimes)" };
        private static readonly Option<long> CacheWrite1h = new("--cache-creation-1h-input-tokens") { Description = "The part of the cache writes with the 1-hour lifetime" };
        private static readonly Option<long> CacheRead = new("--cache-read-input-tokens") { Description = "Cache read tokens" };
        private static readonly Option<long> Reasoning = new("--reasoning-tokens") { Description = "The part of the output spent on reasoning" };
        private static readonly Option<long?> Duration = new("--duration-ms") { Description = "Latency in milliseconds" };
        private static readonly Option<string?> Agent = new("--agent") { Description = "Agent name" };
        private static readonly Option<string?> Operation = new("--operation") { Description = "Operation" };
        private static readonly Option<string?> Session = new("--session") { Description = "Session id" };
        private static readonly Option<string?> Project = new("--project") { Description = "Project (default: the git root's folder name)" };
        private static readonly Option<string?> User = new("--user") { Description = "User (default: the OS user)" };
        private static readonly Option<string?> Success = new("--success") { Description = "true or false (default true)" };
        private static readonly Option<string?> Error = new("--error") { Description = "Error text (marks the call failed)" };
        private static readonly Option<string?> Cost = new("--cost-usd") { Description = "Cost in USD; default: priced by the model registry" };
        private static readonly Option<string?> Timestamp = new("--timestamp") { Description = "When the call happened (ISO-8601; default now)" };
        private static readonly Option<string?> EventType = new("--event-type") { Description = "Event type (default llm_call); stored as snake_case: SessionStart is session_start" };

        public static Command Create()
        {
            var command = new Command("record", "Record one LLM call made some other way");
            foreach (var o in new Option[] { Model, Input, Output, Provider, CacheWrite, CacheWrite1h, CacheRead, Reasoning, Duration, Agent, Operation, Session, Project, User, Success, Error, Cost, Timestamp, EventType })
                command.Options.Add(o);
            CommandRunner.SetAction(command, Run);
            return command;
        }

        private static int Run(ParseResult parse)
        {
            bool json = parse.GetValue(CliOptions.Json);
            bool success = true;
            if (parse.GetValue(Success) is { } s)
            {
                success = Configuration.TelemetrySettings.ParseBool(s) ?? throw new TelemetryValidationException("success", s, "expected true or false");
            }
            double? cost = null;
            if (parse.GetValue(Cost) is { } c)
            {
                if (!double.TryParse(c, NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed))
                    throw new TelemetryValidationException("cost_usd", c, "expected a number of US dollars such as 0.0042");
                cost = parsed;
            }
            DateTimeOffset? at = null;
            if (parse.GetValue(Timestamp) is { } t) at = IsoTimestamp.Parse(t, "timestamp");
            using var store = CliOptions.OpenStore(parse);
            var recorder = new CallRecorder(store, CliServices.Pricing);
            var record = recorder.Record(new RecordRequest
            {
                Model = parse.GetValue(Model),
                Provider = parse.GetValue(Provider),
                InputTokens = parse.GetValue(Input),
                OutputTokens = parse.GetValue(Output),
                CacheCreationInputTokens = parse.GetValue(CacheWrite),
                CacheCreation1hInputTokens = parse.GetValue(CacheWrite1h),
                CacheReadInputTokens = parse.GetValue(CacheRead),
                ReasoningTokens = parse.GetValue(Reasoning),
                DurationMs = parse.GetValue(Duration),
                Agent = parse.GetValue(Agent),
                Operation = parse.GetValue(Operation),
                Session = parse.GetValue(Session) ?? Status.SessionIdentity.FromEnvironment(),
                Project = parse.GetValue(Project),
                User = parse.GetValue(User),
                Success = success,
                Error = parse.GetValue(Error),
                CostUsd = cost,
                Timestamp = at,
                EventType = parse.GetValue(EventType),
                Source = "cli",
            });
            if (json)
            {
                Console.Out.WriteLine(RecordSerializer.ToJson(record));
            }
            else
            {
                string price = record.CostUsd is double usd ? Human.Usd(usd) : "unpriced (model not in the registry)";
                Human.Note($"recorded {record.Id}: {record.Model}, {record.Tokens.Total:N0} tokens, {price}" + (store.Settings.StorageEnabled.Value ? "" : " — storage is off (LLM_TELEMETRY_STORAGE=false), nothing was written"));
            }
            if (record.CostUsd is double spent && spent > 0 && store.Settings.StorageEnabled.Value) CommandRunner.CheckBudgets(store);
            return CommandRunner.Ok;
        }
    }
}
