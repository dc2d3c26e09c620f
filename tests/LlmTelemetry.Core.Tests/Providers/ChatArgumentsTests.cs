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
        public void AProviderName_IsReadInAnyOfItsSpellings(string name, ProviderKind expected)
            => Assert.Equal(expected, ChatArguments.ParseProvider(name, "provider"));

        [Theory]
        [InlineData(null)]
        [InlineData("")]
        [InlineData("  ")]
        public void NoProvider_LeavesTheChoiceToTheModel(string? name)
            => Assert.Null(ChatArguments.ParseProvider(name, "provider"));

        [Fact]
        public void AnUnknownProvider_IsRefused_NamingTheFrontEndsParameter()
        {
            var ex = Assert.Throws<TelemetryValidationException>(() => ChatArguments.ParseProvider("bogus", "Provider"));
            Assert.Equal("Provider", ex.Field);
            Assert.Equal("invalid Provider: expected anthropic, openai, openrouter or openai-compatible (got 'bogus')", ex.Message);
        }

        [Fact]
        public void NoModel_IsTheDefaultModel_AndAGivenOneIsTrimmed()
        {
            Assert.Equal("haiku", ChatArguments.Model(null, "model"));
            Assert.Equal("gpt-4o-mini", ChatArguments.Model(" gpt-4o-mini ", "model"));
        }

        [Fact]
        public void ABlankModel_IsRefused_NamingTheParameter()
            => Assert.Equal("model", Assert.Throws<TelemetryValidationException>(() => ChatArguments.Model(" ", "model")).Field);
    }
}
