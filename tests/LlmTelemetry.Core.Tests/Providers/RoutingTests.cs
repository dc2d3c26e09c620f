using System;
using System.Collections.Generic;
using System.Linq;
using LlmTelemetry.Providers;
using Xunit;

namespace LlmTelemetry.Tests.Providers
{
    public sealed class RoutingTests
    {
        private static LlmClient Client(Func<string, string?>? registry = null, Func<string, string?>? alias = null)
            => new LlmClient(new LlmClientOptions { Pricer = new LlmTelemetry.Tests.Support.TestPricer(providerOf: registry, canonicalId: alias), Environment = _ => null });

        [Theory]
        [InlineData("claude-sonnet-4-5", ProviderKind.Anthropic)]
        [InlineData("claude-3-5-haiku-20241022", ProviderKind.Anthropic)]
        [InlineData("sonnet", ProviderKind.Anthropic)]
        [InlineData("Opus", ProviderKind.Anthropic)]
        [InlineData("haiku", ProviderKind.Anthropic)]
        [InlineData("gpt-4o", ProviderKind.OpenAI)]
        [InlineData("gpt-5.4", ProviderKind.OpenAI)]
        [InlineData("o1", ProviderKind.OpenAI)]
        [InlineData("o3-mini", ProviderKind.OpenAI)]
        [InlineData("o4-mini-2025-04-16", ProviderKind.OpenAI)]
        [InlineData("chatgpt-4o-latest", ProviderKind.OpenAI)]
        [InlineData("anthropic/claude-sonnet-4", ProviderKind.OpenRouter)]
        [InlineData("meta-llama/llama-3.1-8b-instruct", ProviderKind.OpenRouter)]
        public void The_model_id_picks_the_provider(string model, ProviderKind expected)
        {
            using var client = Client();
            Assert.Equal(expected, client.ResolveProvider(client.ResolveModel(model)));
        }

        [Fact]
        public void An_explicit_provider_wins_then_a_base_uri_then_the_registry_then_the_rules()
        {
            using var client = Client(registry: m => m == "gpt-4o" ? "openrouter" : m == "llama3" ? "ollama" : m == "bedrock-thing" ? "bedrock" : null);
            Assert.Equal(ProviderKind.Anthropic, client.ResolveProvider("gpt-4o", ProviderKind.Anthropic, new Uri("http://x/")));
            Assert.Equal(ProviderKind.OpenAICompatible, client.ResolveProvider("gpt-4o", null, new Uri("http://localhost:8000/v1")));
            Assert.Equal(ProviderKind.OpenRouter, client.ResolveProvider("gpt-4o"));
            Assert.Equal(ProviderKind.OpenAICompatible, client.ResolveProvider("llama3"));
            Assert.Equal(ProviderKind.Anthropic, client.ResolveProvider("claude-opus-4-5"));
            var ex = Assert.Throws<ProviderException>(() => client.ResolveProvider("bedrock-thing"));
            Assert.Equal(ProviderErrorKind.InvalidRequest, ex.Kind);
            Assert.Contains("cannot tell which provider serves model 'bedrock-thing'", ex.Message);
        }

        [Fact]
        public void Aliases_resolve_through_the_hook_then_the_built_in_names()
        {
            using var client = Client(alias: a => a == "fast" ? "claude-haiku-4-5" : null);
            Assert.Equal("claude-haiku-4-5", client.ResolveModel("fast"));
            Assert.Equal("claude-sonnet-4-5", client.ResolveModel("sonnet"));
            Assert.Equal("gpt-4o", client.ResolveModel(" gpt-4o "));
        }

        [Fact]
        public void Detection_lists_every_provider_and_which_keys_are_set_never_their_values()
        {
            var env = new Dictionary<string, string> { ["ANTHROPIC_API_KEY"] = "sk-ant-secret-value-123", ["OPENROUTER_API_KEY"] = "  " };
            var status = LlmClient.DetectProviders(name => env.TryGetValue(name, out var v) ? v : null);

            Assert.Equal(new[] { ProviderKind.Anthropic, ProviderKind.OpenAI, ProviderKind.OpenRouter, ProviderKind.OpenAICompatible }, status.Select(s => s.Kind));
            var anthropic = status[0];
            Assert.True(anthropic.KeySet);
            Assert.True(anthropic.Available);
            Assert.Equal("ANTHROPIC_API_KEY", anthropic.KeyVariable);
            Assert.Equal(new Uri("https://api.anthropic.com/"), anthropic.BaseUri);
            Assert.False(status[1].Available);
            Assert.False(status[2].KeySet); // blank counts as unset
            Assert.Equal(new Uri("https://openrouter.ai/api/v1/"), status[2].BaseUri);
            Assert.True(status[3].Available); // local servers need no key
            Assert.All(status, s => Assert.DoesNotContain("secret", s.ToString()));
        }
    }
}
