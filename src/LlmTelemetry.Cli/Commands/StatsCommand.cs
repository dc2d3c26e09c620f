using System.CommandLine;
using System.Text.Json;
using LlmTelemetry.Cli.Output;
using LlmTelemetry.Queries;
using Spectre.Console;

namespace LlmTelemetry.Cli.Commands
{
    /// <summary>`stats [today|week|month]`: calls, success rate, tokens by kind, cost, unpriced calls, top models.</summary>
    internal static class StatsCommand
    {
        private static readonly Argument<string?> Period = new("period") { Description = "today, week (default) or month", Arity = ArgumentArity.ZeroOrOne };

        public static Command Create() => UsageCommand.Create("stats", "Overview: calls, success rate, tokens, cost, top models (default: the last 7 days)", JsonFields, Tables, Period);

        internal static void JsonFields(Utf8JsonWriter w, UsageStats s)
        {
            w.WriteNumber("failed_calls", s.FailedCalls);
            JsonOut.NumberOrNull(w, "success_rate", s.SuccessRate);
            w.WriteNumber("sessions", s.Sessions);
            w.WriteNumber("input_tokens", s.InputTokens);
            w.WriteNumber("output_tokens", s.OutputTokens);
            w.WriteNumber("cache_creation_input_tokens", s.CacheCreationInputTokens);
            w.WriteNumber("cache_read_input_tokens", s.CacheReadInputTokens);
            w.WriteNumber("reasoning_tokens", s.ReasoningTokens);
            w.WriteNumber("total_tokens", s.TotalTokens);
            w.WriteNumber("cost_usd", System.Math.Round(s.CostUsd, 10));
            w.WriteNumber("unpriced_calls", s.UnpricedCalls);
            JsonOut.NumberOrNull(w, "avg_duration_ms", s.AvgDurationMs);
            JsonOut.NamedList(w, "top_models", s.TopModels);
        }

        internal static void Tables(DateRange? range, UsageStats s)
        {
            var grid = new Grid().AddColumn().AddColumn(new GridColumn().RightAligned());
            grid.AddRow("[bold]Period[/]", Human.E($"{range?.SinceText} .. {range?.UntilText}"));
            grid.AddRow("Calls", Human.N(s.Calls));
            grid.AddRow("Success rate", Human.Pct(s.SuccessRate));
            grid.AddRow("Sessions", Human.N(s.Sessions));
            grid.AddRow("Input tokens", Human.N(s.InputTokens));
            grid.AddRow("Output tokens", Human.N(s.OutputTokens) + (s.ReasoningTokens > 0 ? $" (reasoning {Human.N(s.ReasoningTokens)})" : ""));
            grid.AddRow("Cache write / read", Human.N(s.CacheCreationInputTokens) + " / " + Human.N(s.CacheReadInputTokens));
            grid.AddRow("[bold]Cost[/]", "[bold]" + Human.Usd(s.CostUsd) + "[/]" + (s.UnpricedCalls > 0 ? $" [yellow](+{Human.N(s.UnpricedCalls)} unpriced calls)[/]" : ""));
            grid.AddRow("Avg latency", Human.Ms(s.AvgDurationMs) + " ms");
            Human.Console.Write(new Panel(grid).Header("LLM usage").Border(BoxBorder.Rounded));
            var models = Human.NewTable("Top models", "Model", "Calls", "Tokens", "Cost", "Unpriced");
            foreach (var m in s.TopModels) models.AddRow(Human.E(m.Name), Human.N(m.Calls), Human.N(m.TotalTokens), Human.Usd(m.CostUsd), Human.N(m.UnpricedCalls));
            Human.Console.Write(models);
        }
    }
}
