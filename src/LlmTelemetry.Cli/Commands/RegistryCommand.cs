using System;
using System.CommandLine;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using LlmTelemetry.Cli.Output;
using LlmTelemetry.Pricing;
using LlmTelemetry.Records;
using Spectre.Console;

namespace LlmTelemetry.Cli.Commands
{
    /// <summary>`registry list|show|import-litellm`: the model registry and its prices.</summary>
    internal static class RegistryCommand
    {
        private static readonly Option<string?> Provider = new("--provider") { Description = "Only this provider (wildcards)" };
        private static readonly Option<string?> Name = new("--name") { Description = "Only this model (resolved as pricing does), or ids and aliases matching this pattern (wildcards)" };
        private static readonly Argument<string> ShowName = new("name") { Description = "Model id or alias" };
        private static readonly Argument<string> File = new("file") { Description = "LiteLLM's model_prices_and_context_window.json" };
        private static readonly Option<bool> DryRun = new("--dry-run") { Description = "Report what would change; write nothing" };

        public static Command Create()
        {
            var command = new Command("registry", "The model registry: ids, aliases, context windows and prices");
            var list = new Command("list", "List models (built-in and your overrides)");
            list.Options.Add(Provider);
            list.Options.Add(Name);
            CommandRunner.SetAction(list, List);
            var show = new Command("show", "Show one model, how the name resolved, and its prices");
            show.Arguments.Add(ShowName);
            CommandRunner.SetAction(show, Show);
            var import = new Command("import-litellm", "Import models and prices from a LiteLLM pricing file into your overrides");
            import.Arguments.Add(File);
            import.Options.Add(DryRun);
            CommandRunner.SetAction(import, Import);
            command.Subcommands.Add(list);
            command.Subcommands.Add(show);
            command.Subcommands.Add(import);
            return command;
        }

        private static int List(ParseResult parse)
        {
            // The same listing as Get-LlmModel: an exact --name resolves as pricing does, a pattern matches ids and aliases.
            var list = CliServices.Registry.List(new ModelListRequest
            {
                Names = parse.GetValue(Name) is { } n ? new[] { n } : Array.Empty<string>(),
                Providers = parse.GetValue(Provider) is { } p ? new[] { p } : Array.Empty<string>(),
            });
            var models = list.Models;
            var now = DateTimeOffset.UtcNow;
            if (parse.GetValue(CliOptions.Json))
            {
                JsonOut.Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteStartArray("models");
                    foreach (var m in models) WriteModel(w, m, now);
                    w.WriteEndArray();
                    w.WriteString("source", ModelRegistry.BuiltInSource);
                    w.WriteEndObject();
                });
                return CommandRunner.Ok;
            }
            var table = Human.NewTable($"{models.Count} model(s)", "Model", "Provider", "Context", "Input $/M", "Output $/M", "Cache write $/M", "Cache read $/M", "Origin");
            foreach (var m in models)
            {
                var price = m.PriceAt(now);
                table.AddRow(Human.E(m.Id), Human.E(m.Provider), m.ContextWindow is int c ? Human.N(c) : "-",
                    Rate(price?.Input), Rate(price?.Output), Rate(price?.CacheWrite5m), Rate(price?.CacheRead), Human.E(m.Origin));
            }
            Human.Console.Write(table);
            foreach (var missing in list.NotFound) Human.Note($"No model '{missing.Requested}' in the registry.{missing.DidYouMean}");
            Human.Note("Prices from " + ModelRegistry.BuiltInSource);
            return CommandRunner.Ok;
        }

        private static int Show(ParseResult parse)
        {
            string name = parse.GetValue(ShowName)!;
            var resolution = CliServices.Registry.Resolve(name);
            if (!resolution.Found)
            {
                Human.Error($"error: no model '{name}' in the registry.{resolution.DidYouMean} Calls to it are recorded as unpriced (cost null).");
                return CommandRunner.Failure;
            }
            var m = resolution.Model!;
            var now = DateTimeOffset.UtcNow;
            if (parse.GetValue(CliOptions.Json))
            {
                JsonOut.Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteString("requested", name);
                    JsonOut.StringOrNull(w, "resolution", resolution.Explanation);
                    w.WritePropertyName("model");
                    WriteModel(w, m, now);
                    w.WriteEndObject();
                });
                return CommandRunner.Ok;
            }
            if (resolution.Explanation is { } why) Human.Note(why);
            var grid = new Grid().AddColumn().AddColumn();
            grid.AddRow("Id", Human.E(m.Id));
            grid.AddRow("Provider", Human.E(m.Provider));
            grid.AddRow("Aliases", Human.E(m.Aliases.Count == 0 ? "-" : string.Join(", ", m.Aliases)));
            grid.AddRow("Context window", m.ContextWindow is int c ? Human.N(c) : "-");
            grid.AddRow("Max output", m.MaxOutputTokens is int o ? Human.N(o) : "-");
            grid.AddRow("Capabilities", Human.E(string.Join(", ", new[] { m.SupportsVision ? "vision" : null, m.SupportsTools ? "tools" : null, m.SupportsReasoning ? "reasoning" : null, m.SupportsPromptCaching ? "prompt caching" : null }.Where(x => x is not null))));
            grid.AddRow("Origin", Human.E(m.Origin));
            Human.Console.Write(new Panel(grid).Header(Human.E(m.Id)));
            var prices = Human.NewTable("Prices (USD per million tokens)", "From", "Above prompt tokens", "Input", "Output", "Cache write 5m", "Cache write 1h", "Cache read");
            foreach (var p in m.Prices)
            {
                string from = p.EffectiveFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "always";
                prices.AddRow(from, "-", Rate(p.Input), Rate(p.Output), Rate(p.CacheWrite5m), Rate(p.CacheWrite1h), Rate(p.CacheRead));
                foreach (var t in p.Tiers)
                    prices.AddRow(from, Human.N(t.AbovePromptTokens), Rate(t.Input), Rate(t.Output), Rate(t.CacheWrite5m), Rate(t.CacheWrite1h), Rate(t.CacheRead));
            }
            Human.Console.Write(prices);
            return CommandRunner.Ok;
        }

        private static int Import(ParseResult parse)
        {
            string path = parse.GetValue(File)!;
            if (!System.IO.File.Exists(path)) throw new TelemetryValidationException("file", path, "does not exist");
            var result = new LiteLlmImporter(CliServices.Registry).Import(path, parse.GetValue(DryRun));
            if (parse.GetValue(CliOptions.Json))
            {
                JsonOut.Write(w =>
                {
                    w.WriteStartObject();
                    w.WriteBoolean("dry_run", result.DryRun);
                    w.WriteNumber("added", result.Added);
                    w.WriteNumber("changed", result.Changed);
                    w.WriteNumber("unchanged", result.Unchanged);
                    w.WriteNumber("skipped", result.Skipped);
                    JsonOut.StringOrNull(w, "overrides_path", result.OverridesPath);
                    w.WriteEndObject();
                });
                return CommandRunner.Ok;
            }
            Human.Note($"{(result.DryRun ? "Would import" : "Imported")}: {result.Added:N0} added, {result.Changed:N0} changed, {result.Unchanged:N0} unchanged, {result.Skipped:N0} skipped (not chat models or no price)" +
                       (result.OverridesPath is null ? "" : $" → {result.OverridesPath}"));
            return CommandRunner.Ok;
        }

        /// <summary>USD per million tokens, the same five rates for a price list and for each of its long-context tiers.</summary>
        private static void Rates(Utf8JsonWriter w, double input, double output, double cacheWrite5m, double cacheWrite1h, double cacheRead)
        {
            w.WriteNumber("input_per_mtok", input);
            w.WriteNumber("output_per_mtok", output);
            w.WriteNumber("cache_write_5m_per_mtok", cacheWrite5m);
            w.WriteNumber("cache_write_1h_per_mtok", cacheWrite1h);
            w.WriteNumber("cache_read_per_mtok", cacheRead);
        }

        private static void WriteModel(Utf8JsonWriter w, ModelInfo m, DateTimeOffset now)
        {
            w.WriteStartObject();
            w.WriteString("id", m.Id);
            w.WriteString("provider", m.Provider);
            w.WriteStartArray("aliases");
            foreach (var a in m.Aliases) w.WriteStringValue(a);
            w.WriteEndArray();
            if (m.ContextWindow is int c) w.WriteNumber("context_window", c); else w.WriteNull("context_window");
            if (m.MaxOutputTokens is int o) w.WriteNumber("max_output_tokens", o); else w.WriteNull("max_output_tokens");
            w.WriteBoolean("vision", m.SupportsVision);
            w.WriteBoolean("tools", m.SupportsTools);
            w.WriteBoolean("reasoning", m.SupportsReasoning);
            w.WriteBoolean("prompt_caching", m.SupportsPromptCaching);
            w.WriteString("origin", m.Origin);
            w.WriteStartArray("prices");
            foreach (var p in m.Prices)
            {
                w.WriteStartObject();
                JsonOut.StringOrNull(w, "effective_from", p.EffectiveFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
                Rates(w, p.Input, p.Output, p.CacheWrite5m, p.CacheWrite1h, p.CacheRead);
                w.WriteStartArray("tiers");
                foreach (var t in p.Tiers)
                {
                    w.WriteStartObject();
                    w.WriteNumber("above_prompt_tokens", t.AbovePromptTokens);
                    Rates(w, t.Input, t.Output, t.CacheWrite5m, t.CacheWrite1h, t.CacheRead);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }

        private static string Rate(double? perMillion) => perMillion is double v ? v.ToString("0.00###", CultureInfo.InvariantCulture) : "-";
    }
}
