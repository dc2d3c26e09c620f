using System;
using System.IO;
using System.Linq;
using LlmTelemetry.Pricing;
using Xunit;
using static LlmTelemetry.Tests.Pricing.PricingTestSupport;

namespace LlmTelemetry.Tests.Pricing
{
    public sealed class ModelListTests
    {
        private static readonly ModelRegistry BuiltIn = ModelRegistry.LoadBuiltIn();

        [Fact]
        public void No_names_lists_every_model_by_provider_then_id()
        {
            var list = BuiltIn.List(new ModelListRequest());
            Assert.Equal(BuiltIn.Models.Count, list.Models.Count);
            var expected = BuiltIn.Models.OrderBy(m => m.Provider, StringComparer.OrdinalIgnoreCase).ThenBy(m => m.Id, StringComparer.OrdinalIgnoreCase).Select(m => m.Id);
            Assert.Equal(expected, list.Models.Select(m => m.Id));
            Assert.Empty(list.NotFound);
        }

        [Fact]
        public void The_order_ignores_case_in_providers_and_ids()
        {
            using var temp = new TempFolder();
            File.WriteAllText(temp.File("models.json"), "{\"models\":[" +
                "{\"id\":\"b-model\",\"provider\":\"House\",\"prices\":[{\"input\":1,\"output\":2}]}," +
                "{\"id\":\"A-model\",\"provider\":\"house\",\"prices\":[{\"input\":1,\"output\":2}]}," +
                "{\"id\":\"c_model\",\"provider\":\"house\",\"prices\":[{\"input\":1,\"output\":2}]}]}");
            var list = ModelRegistry.Load(temp.File("models.json")).List(new ModelListRequest { Providers = new[] { "HOUSE" } });
            Assert.Equal(new[] { "A-model", "b-model", "c_model" }, list.Models.Select(m => m.Id));
        }

        [Fact]
        public void A_pattern_matches_ids_and_aliases_case_insensitive_within_the_providers()
        {
            var list = BuiltIn.List(new ModelListRequest { Names = new[] { "*SONNET*" }, Providers = new[] { "anthr*" } });
            Assert.NotEmpty(list.Models);
            Assert.All(list.Models, m => Assert.Equal("anthropic", m.Provider));
            Assert.Contains(list.Models, m => m.Id == "claude-sonnet-5");   // by its alias "sonnet" as well as its id

            Assert.Empty(BuiltIn.List(new ModelListRequest { Names = new[] { "gpt-4o*" }, Providers = new[] { "anthropic" } }).Models);
        }

        [Fact]
        public void An_exact_name_resolves_as_pricing_does_and_reports_how()
        {
            var list = BuiltIn.List(new ModelListRequest { Names = new[] { "sonnet", "anthropic/claude-haiku-4-5" } });
            Assert.Equal(new[] { "claude-haiku-4-5", "claude-sonnet-5" }, list.Models.Select(m => m.Id));
            Assert.Equal(new[] { "sonnet", "anthropic/claude-haiku-4-5" }, list.Resolved.Select(r => r.Requested));
        }

        [Fact]
        public void Several_names_for_one_model_list_it_once()
        {
            var list = BuiltIn.List(new ModelListRequest { Names = new[] { "claude-haiku-4-5", "haiku", "claude-haiku*" } });
            Assert.Single(list.Models, m => m.Id == "claude-haiku-4-5");
        }

        [Fact]
        public void An_unknown_name_is_not_found_and_the_others_are_still_listed()
        {
            var list = BuiltIn.List(new ModelListRequest { Names = new[] { "no-such-model", "haiku" } });
            Assert.Equal("claude-haiku-4-5", Assert.Single(list.Models).Id);
            var missing = Assert.Single(list.NotFound);
            Assert.Equal("no-such-model", missing.Requested);
            Assert.Equal("", missing.DidYouMean);
        }

        [Fact]
        public void An_ambiguous_name_is_not_found_with_the_models_it_could_mean()
        {
            using var temp = new TempFolder();
            File.WriteAllText(temp.File("models.json"), "{\"models\":[" +
                "{\"id\":\"team-a-model\",\"provider\":\"x\",\"aliases\":[\"house\"],\"prices\":[{\"input\":1,\"output\":2}]}," +
                "{\"id\":\"team-b-model\",\"provider\":\"x\",\"aliases\":[\"house\"],\"prices\":[{\"input\":3,\"output\":4}]}]}");
            var list = ModelRegistry.Load(temp.File("models.json")).List(new ModelListRequest { Names = new[] { "house" } });
            Assert.Empty(list.Models);
            Assert.Equal(" It could be: team-a-model, team-b-model.", Assert.Single(list.NotFound).DidYouMean);
        }

        [Fact]
        public void A_found_name_of_another_provider_is_filtered_out_not_reported_missing()
        {
            var list = BuiltIn.List(new ModelListRequest { Names = new[] { "haiku" }, Providers = new[] { "openai" } });
            Assert.Empty(list.Models);
            Assert.Empty(list.NotFound);
        }
    }
}
