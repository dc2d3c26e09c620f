using System;
using System.CommandLine;
using System.Threading;
using LlmTelemetry.Cli.Output;
using LlmTelemetry.Exporters;
using LlmTelemetry.Providers;
using LlmTelemetry.Records;

namespace LlmTelemetry.Cli.Commands
{
    /// <summary>`chat`: one call to a model through the recording client; the call lands in the store, failed or not.</summary>
    internal static class ChatCommand
    {
        private static readonly Argument<string> Prompt = new("prompt") { Description = "The prompt, or - to read it from standard input" };
        private static readonly Option<string> Model = new("--model") { Description = "Model id or alias (default: " + ChatArguments.DefaultModel + ")", DefaultValueFactory = _ => ChatArguments.DefaultModel };
        private static readonly Option<string?> Provider = new("--provider") { Description = "anthropic, openai, openrouter or openai-compatible (default: from the model)" };
        private static readonly Option<string?> BaseUrl = new("--base-url") { Description = "Endpoint of an OpenAI-compatible server (Ollama, vLLM, llama.cpp, LM Studio) or a proxy" };
        private static readonly Option<string?> SystemPrompt = new("--system") { Description = "System prompt" };
        private static readonly Option<int?> MaxTokens = new("--max-tokens") { Description = "Most tokens to generate" };
        private static readonly Option<double?> Temperature = new("--temperature") { Description = "Sampling temperature" };
        private static readonly Option<bool> Stream = new("--stream") { Description = "Print the answer as it arrives" };
        private static readonly Option<string?> Agent = new("--agent") { Description = "Agent name recorded with the call" };
        private static readonly Option<string?> Operation = new("--operation") { Description = "Operation recorded with the call" };
        private static readonly Option<string?> Session = new("--session") { Description = "Session id recorded with the call" };
        private static readonly Option<int?> TimeoutSec = new("--timeout-sec") { Description = "Give up after this many seconds, retries included (default 600)" };
        private static readonly Option<double?> MaxCost = new("--max-cost") { Description = "Refuse the call when its estimate (prompt tokens + max output, at the model's prices) is more than this many US dollars" };
        private static readonly Option<bool> Verbose = new("--verbose") { Description = "Print each attempt and wait on standard error" };

        public static Command Create()
        {
            var command = new Command("chat", "Ask a model; the call is recorded (tokens, cost, latency) automatically");
            command.Arguments.Add(Prompt);
            foreach (var o in new Option[] { Model, Provider, BaseUrl, SystemPrompt, MaxTokens, Temperature, Stream, Agent, Operation, Session, TimeoutSec, MaxCost, Verbose })
                command.Options.Add(o);
            command.SetAction((parse, cancel) => System.Threading.Tasks.Task.FromResult(CommandRunner.Run(() => Run(parse, cancel))));
            return command;
        }

        private static int Run(ParseResult parse, CancellationToken cancel)
        {
            bool json = parse.GetValue(CliOptions.Json);
            string prompt = parse.GetValue(Prompt)!;
            if (prompt == "-") prompt = Console.In.ReadToEnd();
            if (string.IsNullOrWhiteSpace(prompt)) throw new TelemetryValidationException("prompt", null, "is empty");
            var kind = ChatArguments.ParseProvider(parse.GetValue(Provider), "provider");
            string model = ChatArguments.Model(parse.GetValue(Model), "model");
            Uri? baseUri = null;
            if (parse.GetValue(BaseUrl) is { } u && !Uri.TryCreate(u, UriKind.Absolute, out baseUri))
                throw new TelemetryValidationException("base_url", u, "expected an absolute URL such as http://127.0.0.1:11434/v1");
            if (parse.GetValue(MaxTokens) is int m && m < 1) throw new TelemetryValidationException("max_tokens", m.ToString(), "must be at least 1");
            if (parse.GetValue(TimeoutSec) is int t && t < 1) throw new TelemetryValidationException("timeout_sec", t.ToString(), "must be at least 1");
            bool stream = parse.GetValue(Stream);
            bool verbose = parse.GetValue(Verbose);

            using var store = CliOptions.OpenStore(parse);
            using var client = new LlmClient(new LlmClientOptions
            {
                Sink = store,
                Pricer = CliServices.Pricing,
                Log = verbose ? line => Human.Error("verbose: " + line) : null,
                Warning = line => Human.Error("warning: " + line),
                Source = "cli",
                Budgets = new Budgets.BudgetMonitor(store),
            });
            var request = new ChatRequest
            {
                Model = model,
                Messages = new[] { ChatMessage.User(prompt) },
                SystemPrompt = parse.GetValue(SystemPrompt),
                MaxTokens = parse.GetValue(MaxTokens),
                Temperature = parse.GetValue(Temperature),
                Stream = stream,
                TextDeltas = stream && !json ? new ImmediateProgress(text => { Console.Out.Write(TerminalText.Escape(text, keepLineBreaks: true)); Console.Out.Flush(); }) : null,
                Timeout = parse.GetValue(TimeoutSec) is int s ? TimeSpan.FromSeconds(s) : null,
                Provider = kind,
                BaseUri = baseUri,
                Agent = parse.GetValue(Agent),
                Operation = parse.GetValue(Operation),
                SessionId = parse.GetValue(Session) ?? Status.SessionIdentity.FromEnvironment(),
                MaxCostUsd = parse.GetValue(MaxCost),
            };
            ChatResult result;
            try
            {
                result = client.ChatAsync(request, cancel).GetAwaiter().GetResult();
            }
            catch (OperationCanceledException)
            {
                Human.Error("error: cancelled (the call is recorded as failed)");
                return CommandRunner.Failure;
            }
            if (json)
            {
                JsonOut.Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("content", result.Content);
                    w.WriteString("model", result.Model);
                    w.WriteString("provider", result.Provider.ToString());
                    w.WriteNumber("input_tokens", result.Usage.Input);
                    w.WriteNumber("output_tokens", result.Usage.Output);
                    w.WriteNumber("cache_read_input_tokens", result.Usage.CacheReadInput);
                    w.WriteNumber("cache_creation_input_tokens", result.Usage.CacheCreationInput);
                    w.WriteNumber("reasoning_tokens", result.Usage.Reasoning);
                    if (result.CostUsd is double c) w.WriteNumber("cost_usd", c); else w.WriteNull("cost_usd");
                    w.WriteNumber("duration_ms", (long)result.Latency.TotalMilliseconds);
                    JsonOut.StringOrNull(w, "finish_reason", result.FinishReason);
                    JsonOut.StringOrNull(w, "id", result.Record?.Id);
                    w.WriteEndObject();
                });
                return CommandRunner.Ok;
            }
            if (stream) Console.Out.WriteLine();
            // The answer keeps its lines; escape sequences in it (a prompt can ask for them) are shown, not obeyed.
            else Console.Out.WriteLine(TerminalText.Escape(result.Content, keepLineBreaks: true));
            string cost = result.CostUsd is double usd ? Human.Usd(usd) : "unpriced";
            Human.Error($"[{result.Model}: {result.Usage.Input:N0} in, {result.Usage.Output:N0} out, {result.Usage.CacheReadInput:N0} cached, {cost}, {result.Latency.TotalMilliseconds:N0} ms]");
            return CommandRunner.Ok;
        }

        /// <summary>Writes each delta at once and in order (Progress&lt;T&gt; would post them to the thread pool).</summary>
        private sealed class ImmediateProgress : IProgress<string>
        {
            private readonly Action<string> _write;
            public ImmediateProgress(Action<string> write) => _write = write;
            public void Report(string value) => _write(value);
        }
    }
}
