using System;
using LlmTelemetry.Records;

namespace LlmTelemetry.Providers
{
    /// <summary>
    /// What `chat` and Invoke-LlmChat are given, read once here so the two front ends cannot drift: the provider's
    /// name in any of its spellings, and the model when none is named. Bad values are refused with a
    /// <see cref="TelemetryValidationException"/> naming the front end's parameter.
    /// </summary>
    public static class ChatArguments
    {
        /// <summary>The model a chat uses when none is named: the cheapest current Claude, fine for a quick question.</summary>
        public const string DefaultModel = "haiku";

        /// <summary>The names <see cref="ParseProvider"/> takes, as a front end shows or completes them.</summary>
        public static readonly string[] ProviderNames = { "anthropic", "openai", "openrouter", "openai-compatible" };

        /// <summary>
        /// A provider from its name, case-insensitive, with or without the dash ("openai-compatible", "OpenAICompatible",
        /// the enum's own spelling); null or blank: none (the client picks it from the model).
        /// </summary>
        public static ProviderKind? ParseProvider(string? value, string parameter)
        {
            if (string.IsNullOrWhiteSpace(value)) return null;
            return value!.Trim().Replace("-", "").ToLowerInvariant() switch
            {
                "anthropic" => ProviderKind.Anthropic,
                "openai" => ProviderKind.OpenAI,
                "openrouter" => ProviderKind.OpenRouter,
                "openaicompatible" => ProviderKind.OpenAICompatible,
                _ => throw new TelemetryValidationException(parameter, value, "expected anthropic, openai, openrouter or openai-compatible"),
            };
        }

        /// <summary>The model to ask: the one given, trimmed, or <see cref="DefaultModel"/> when none was given; a blank name is refused.</summary>
        public static string Model(string? value, string parameter)
        {
            if (value is null) return DefaultModel;
            if (string.IsNullOrWhiteSpace(value)) throw new TelemetryValidationException(parameter, value, "is empty; name a model or leave it out for " + DefaultModel);
            return value.Trim();
        }
    }
}
