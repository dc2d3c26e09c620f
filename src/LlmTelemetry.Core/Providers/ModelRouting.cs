using System;
using System.Collections.Generic;

namespace LlmTelemetry.Providers
{
    /// <summary>Names, key variables and default endpoints of the providers, and the built-in model-id rules.</summary>
    internal static class ModelRouting
    {
        public const string AnthropicKeyVariable = "ANTHROPIC_API_KEY";
        public const string OpenAIKeyVariable = "OPENAI_API_KEY";
        public const string OpenRouterKeyVariable = "OPENROUTER_API_KEY";

        /// <summary>Optional: most local servers take no key, vLLM and LM Studio can be set to require one.</summary>
        public const string CompatibleKeyVariable = "OPENAI_COMPATIBLE_API_KEY";

        public static readonly Uri AnthropicBaseUri = new Uri("https://api.anthropic.com/");
        public static readonly Uri OpenAIBaseUri = new Uri("https://api.openai.com/v1/");
        public static readonly Uri OpenRouterBaseUri = new Uri("https://openrouter.ai/api/v1/");

        /// <summary>Ollama's OpenAI-compatible endpoint: the most common local server.</summary>
        public static readonly Uri CompatibleBaseUri = new Uri("http://localhost:11434/v1/");

        // Short names people type; each maps to Anthropic's own alias for the latest model of the family.
        private static readonly Dictionary<string, string> BuiltInAliases = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["sonnet"] = "claude-sonnet-4-5",
            ["opus"] = "claude-opus-4-5",
            ["haiku"] = "claude-haiku-4-5",
        };

        public static string Name(ProviderKind kind) => kind switch
        {
            ProviderKind.Anthropic => "anthropic",
            ProviderKind.OpenAI => "openai",
            ProviderKind.OpenRouter => "openrouter",
            _ => "openai-compatible",
        };

        public static string KeyVariable(ProviderKind kind) => kind switch
        {
            ProviderKind.Anthropic => AnthropicKeyVariable,
            ProviderKind.OpenAI => OpenAIKeyVariable,
            ProviderKind.OpenRouter => OpenRouterKeyVariable,
            _ => CompatibleKeyVariable,
        };

        public static bool KeyRequired(ProviderKind kind) => kind != ProviderKind.OpenAICompatible;

        public static Uri DefaultBaseUri(ProviderKind kind) => kind switch
        {
            ProviderKind.Anthropic => AnthropicBaseUri,
            ProviderKind.OpenAI => OpenAIBaseUri,
            ProviderKind.OpenRouter => OpenRouterBaseUri,
            _ => CompatibleBaseUri,
        };

        public static string? BuiltInAlias(string model) => BuiltInAliases.TryGetValue(model, out var id) ? id : null;

        /// <summary>claude*/haiku/sonnet/opus → Anthropic; gpt*/o1/o3/o4*/chatgpt* → OpenAI; vendor/model → OpenRouter.</summary>
        public static ProviderKind? BuiltInProvider(string model)
        {
            string m = model.Trim().ToLowerInvariant();
            if (m.Length == 0) return null;
            if (m.IndexOf('/') > 0) return ProviderKind.OpenRouter;
            if (m.StartsWith("claude", StringComparison.Ordinal) || m.StartsWith("haiku", StringComparison.Ordinal)
                || m.StartsWith("sonnet", StringComparison.Ordinal) || m.StartsWith("opus", StringComparison.Ordinal))
                return ProviderKind.Anthropic;
            if (m.StartsWith("gpt", StringComparison.Ordinal) || m.StartsWith("chatgpt", StringComparison.Ordinal)
                || IsOSeries(m, "o1") || IsOSeries(m, "o3") || IsOSeries(m, "o4"))
                return ProviderKind.OpenAI;
            return null;
        }

        /// <summary>Maps a registry's provider name (LiteLLM's litellm_provider and the like) to a protocol; null for ones we do not speak.</summary>
        public static ProviderKind? FromName(string? name)
        {
            switch ((name ?? "").Trim().ToLowerInvariant())
            {
                case "anthropic": return ProviderKind.Anthropic;
                case "openai": case "text-completion-openai": return ProviderKind.OpenAI;
                case "openrouter": return ProviderKind.OpenRouter;
                case "openai-compatible": case "openai_compatible": case "openaicompatible": case "ollama": case "ollama_chat":
                case "vllm": case "hosted_vllm": case "lm_studio": case "lmstudio": case "llamacpp": case "llama.cpp": case "local":
                    return ProviderKind.OpenAICompatible;
                default: return null;
            }
        }

        private static bool IsOSeries(string m, string prefix)
            => m == prefix || m.StartsWith(prefix + "-", StringComparison.Ordinal);
    }
}
