using System.IO;
using LlmTelemetry.Pricing;
using Xunit;
using static LlmTelemetry.Tests.Pricing.PricingTestSupport;

namespace LlmTelemetry.Tests.Pricing
{
    public sealed class ResolutionTests
    {
        private static readonly ModelRegistry BuiltIn = ModelRegistry.LoadBuiltIn();

        [Theory]
        [InlineData("claude-sonnet-4-5", "claude-sonnet-4-5", ResolutionMethod.ExactId)]
        [InlineData("CLAUDE-Sonnet-4-5", "claude-sonnet-4-5", ResolutionMethod.ExactId)]
        [InlineData("claude-sonnet-4-5-20250929", "claude-sonnet-4-5", ResolutionMethod.Alias)]
        [InlineData("gpt-4o-mini", "gpt-4o-mini", ResolutionMethod.ExactId)]
        [InlineData("gpt-4o-2024-08-06", "gpt-4o", ResolutionMethod.Alias)]
        [InlineData("gpt-4o-2024-05-13", "gpt-4o-2024-05-13", ResolutionMethod.ExactId)]
        [InlineData("anthropic/claude-opus-4-6", "claude-opus-4-6", ResolutionMethod.ProviderPrefixRemoved)]
        [InlineData("openai/gpt-4.1", "gpt-4.1", ResolutionMethod.ProviderPrefixRemoved)]
        [InlineData("gemini/gemini-2.5-pro", "gemini-2.5-pro", ResolutionMethod.ProviderPrefixRemoved)]
        [InlineData("models/gemini-2.5-flash", "gemini-2.5-flash", ResolutionMethod.ProviderPrefixRemoved)]
        [InlineData("openrouter/anthropic/claude-sonnet-4.5", "openrouter/anthropic/claude-sonnet-4.5", ResolutionMethod.ExactId)]
        [InlineData("anthropic/claude-sonnet-4.5", "openrouter/anthropic/claude-sonnet-4.5", ResolutionMethod.Alias)]
        [InlineData("claude-opus-4-6-20991231", "claude-opus-4-6", ResolutionMethod.DateSuffixRemoved)]
        [InlineData("gpt-5.3-codex-2026-02-05", "gpt-5.3-codex", ResolutionMethod.DateSuffixRemoved)]
        [InlineData("claude-sonnet-4-5@20250929", "claude-sonnet-4-5", ResolutionMethod.DateSuffixRemoved)]
        [InlineData("anthropic/claude-haiku-4-5-20251001", "claude-haiku-4-5", ResolutionMethod.ProviderPrefixRemoved)]
        public void NamesResolveAsDocumented(string requested, string expectedId, ResolutionMethod method)
        {
            var r = BuiltIn.Resolve(requested);
            Assert.True(r.Found, r.Explanation);
            Assert.Equal(expectedId, r.Model!.Id);
            Assert.Equal(method, r.Method);
            Assert.Equal(requested, r.Requested);
        }

        [Theory]
        [InlineData("sonnet", "claude-sonnet-")]
        [InlineData("opus", "claude-opus-")]
        [InlineData("haiku", "claude-haiku-")]
        public void Family_alias_resolves_to_the_newest_of_that_family(string alias, string family)
        {
            var r = BuiltIn.Resolve(alias);
            Assert.Equal(ResolutionMethod.Alias, r.Method);
            Assert.StartsWith(family, r.Model!.Id);
            Assert.Equal($"resolved '{alias}' to {r.Model.Id} (alias)", r.Explanation);
            foreach (var m in BuiltIn.Models)
            {
                if (m.Provider == "anthropic" && m.Id.StartsWith(family) && m.Id != r.Model.Id)
                    Assert.True(string.CompareOrdinal(Version(m.Id), Version(r.Model.Id)) < 0, $"{m.Id} is newer than {r.Model.Id}");
            }
        }

        [Fact]
        public void Family_alias_follows_the_users_newer_model()
        {
            using var temp = new TempFolder();
            File.WriteAllText(temp.File("models.json"),
                "{\"models\":[{\"id\":\"claude-sonnet-9\",\"provider\":\"anthropic\",\"aliases\":[\"sonnet\"],\"prices\":[{\"input\":1,\"output\":2}]}]}");
            var r = ModelRegistry.Load(temp.File("models.json")).Resolve("sonnet");
            Assert.Equal("claude-sonnet-9", r.Model!.Id);
        }

        [Theory]
        [InlineData("claude-sonnet")]
        [InlineData("claude-sonnet-4-5-foo")]
        [InlineData("gpt-4o-mini-turbo")]
        [InlineData("totally-unknown-model")]
        [InlineData("someprovider/claude-sonnet-4-5")]
        [InlineData("")]
        [InlineData(null)]
        public void Unknown_names_are_unknown_and_cost_null_never_zero(string? requested)
        {
            var r = BuiltIn.Resolve(requested);
            Assert.False(r.Found);
            Assert.Equal(ResolutionMethod.NotFound, r.Method);
            var cost = new CostCalculator(BuiltIn).Calculate(requested, StandardMix, Now);
            Assert.Null(cost.CostUsd);
            Assert.False(cost.Priced);
        }

        [Fact]
        public void An_alias_claimed_by_two_models_is_ambiguous_not_a_guess()
        {
            using var temp = new TempFolder();
            File.WriteAllText(temp.File("models.json"),
                "{\"models\":[" +
                "{\"id\":\"team-a-model\",\"provider\":\"x\",\"aliases\":[\"house\"],\"prices\":[{\"input\":1,\"output\":2}]}," +
                "{\"id\":\"team-b-model\",\"provider\":\"x\",\"aliases\":[\"house\"],\"prices\":[{\"input\":3,\"output\":4}]}]}");
            var registry = ModelRegistry.Load(temp.File("models.json"));
            var r = registry.Resolve("house");
            Assert.False(r.Found);
            Assert.Equal(ResolutionMethod.Ambiguous, r.Method);
            Assert.Equal(new[] { "team-a-model", "team-b-model" }, r.Candidates);
            Assert.Contains("ambiguous", r.Explanation);
            Assert.Null(new CostCalculator(registry).CostOf("house", StandardMix, Now));
        }

        [Fact]
        public void Explanation_says_how_the_name_was_resolved()
        {
            Assert.Equal("resolved 'claude-sonnet-4-5-20250929' to claude-sonnet-4-5 (alias)", BuiltIn.Resolve("claude-sonnet-4-5-20250929").Explanation);
            Assert.Equal("resolved 'anthropic/claude-opus-4-6' to claude-opus-4-6 (provider prefix removed)", BuiltIn.Resolve("anthropic/claude-opus-4-6").Explanation);
            Assert.Equal("resolved 'claude-opus-4-6-20991231' to claude-opus-4-6 (date suffix removed)", BuiltIn.Resolve("claude-opus-4-6-20991231").Explanation);
            Assert.Equal("unknown model 'nope'", BuiltIn.Resolve("nope").Explanation);
        }

        private static string Version(string id)
        {
            // "claude-sonnet-4-5" -> "04.05", "claude-sonnet-5" -> "05": compares newest-last as strings.
            var parts = System.Text.RegularExpressions.Regex.Matches(id, @"\d+");
            var s = "";
            foreach (System.Text.RegularExpressions.Match p in parts) s += int.Parse(p.Value).ToString("00") + ".";
            return s;
        }
    }
}
