using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading.Tasks;
using LlmTelemetry.Records;
using LlmTelemetry.Tests.Providers.Support;
using Xunit;

namespace LlmTelemetry.Tests.Hostile
{
    /// <summary>
    /// A provider's reported cost (OpenRouter's usage.cost) and the registry's price are input like any other: a cost
    /// the record rules refuse (1e308, negative, over a million dollars) is not stored. The call still succeeds and is
    /// recorded, priced by the registry instead (or unpriced), with a warning that says why. Before, a reported 1e308
    /// was stored as is, and every report over it printed "$Infinity" or crashed.
    /// </summary>
    public sealed class HostileProviderCostTests
    {
        public static IEnumerable<object[]> ReportedCosts()
        {
            foreach (var (json, kept) in new (string, bool)[]
            {
                ("1e308", false), ("1.7976931348623157e308", false), ("1e400", false), ("-1", false), ("-0.0001", false),
                ("1000000.5", false), ("5e6", false), ("0.000564", true), ("1000000", true), ("0", true),
            })
                yield return new object[] { json, kept };
        }

        [Theory]
        [MemberData(nameof(ReportedCosts))]
        public async Task A_reported_cost_the_rules_refuse_is_replaced_by_the_registry_price_with_a_warning(string cost, bool kept)
        {
            var body = Fixtures.Text("openrouter-chat-completion.json").Replace("\"cost\":0.000564", "\"cost\":" + cost);
            await using var server = new LoopbackServer(Respond.Json(body));
            var h = new Harness();
            using var client = h.Client(server);

            var result = await client.ChatAsync(Harness.Request("anthropic/claude-sonnet-4"));

            var record = h.Sink.Records.Single();
            double registry = FakePricing.Expected(TokenUsage.Create(input: 163, output: 5));
            if (kept)
            {
                Assert.Equal(double.Parse(cost, CultureInfo.InvariantCulture), record.CostUsd);
                Assert.Empty(h.Warnings);
                return;
            }
            Assert.Equal(registry, record.CostUsd!.Value, 15);
            Assert.Equal(record.CostUsd, result.CostUsd);
            // 1e400 is no double at all: the server's usage then simply carries no cost, and the registry prices it.
            if (cost != "1e400")
            {
                var warning = Assert.Single(h.Warnings);
                Assert.Contains("openrouter reported a cost of", warning);
                Assert.Contains("the registry prices the call instead", warning);
            }
        }

        public static IEnumerable<object[]> Prices()
        {
            yield return new object[] { "1e308", 1e308 };
            yield return new object[] { "2e6", 2e6 };
            yield return new object[] { "+Infinity", double.PositiveInfinity };
            yield return new object[] { "NaN", double.NaN };
            yield return new object[] { "-1", -1.0 };
        }

        [Theory]
        [MemberData(nameof(Prices))]
        public async Task A_registry_price_the_rules_refuse_leaves_the_call_recorded_unpriced_with_a_warning(string name, double price)
        {
            await using var server = new LoopbackServer(Respond.Fixture("anthropic-messages.json"));
            var h = new Harness();
            using var client = h.Client(server, pricing: (model, tokens, at) => price);

            var result = await client.ChatAsync(Harness.Request("claude-sonnet-4-5"));

            var record = h.Sink.Records.Single();
            Assert.True(record.CostUsd is null, name);
            Assert.Null(result.CostUsd);
            var warning = Assert.Single(h.Warnings);
            Assert.Contains("the registry prices these tokens of claude-sonnet-4-5-20250929 at", warning);
            Assert.Contains("the call is recorded unpriced", warning);
        }
    }
}
