using LlmTelemetry.Providers;
using LlmTelemetry.Records;
using Xunit;

namespace LlmTelemetry.Tests.Providers
{
    public sealed class ChatArgumentsTests
    {
        [Theory]
        [InlineData("anthropic", ProviderKind.Anthropic)]
        [InlineData("OpenAI", ProviderKind.OpenAI)]
        [InlineData("openrouter", ProviderKind.OpenRouter)]
        [InlineData("openai-compatible", ProviderKind.OpenAICompatible)]
        [InlineData("OpenAICompatible", ProviderKind.OpenAICompatible)]
        [InlineData(" OpenAI-Compatible ", ProviderKind.OpenAICompatible)]
        public void A_provider_name_is_read_in_any_of_its_spellings(string name, ProviderKind expected)
            => Assert.Equal(expected, ChatArguments.ParseProvider(name, "provider"));

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("  ")]
        public void No_provider_leaves_the_choice_to_the_model(string? name)
            => Assert.Null(ChatArguments.ParseProvider(name, "provider"));

        [Fact]
        public void An_unknown_provider_is_refused_naming_the_front_ends_parameter()
        {
            var ex = Assert.Throws<TelemetryValidationException>(() => ChatArguments.ParseProvider("bogus", "Provider"));
            Assert.Equal("Provider", ex.Field);
            Assert.Equal("invalid Provider: expected anthropic, openai, openrouter or openai-compatible (got 'bogus')", ex.Message);
        }

        [Fact]
        public void No_model_is_the_default_model_and_a_given_one_is_trimmed()
        {
            Assert.Equal("haiku", ChatArguments.Model(null, "model"));
            Assert.Equal("gpt-4o-mini", ChatArguments.Model(" gpt-4o-mini ", "model"));
        }

        [Fact]
        public void A_blank_model_is_refused_naming_the_parameter()
            => Assert.Equal("model", Assert.Throws<TelemetryValidationException>(() => ChatArguments.Model(" ", "model")).Field);
    }
}
