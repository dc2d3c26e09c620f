using System.IO;
using System.Linq;
using LlmTelemetry.Pricing;
using LlmTelemetry.Records;
using Xunit;
using static LlmTelemetry.Tests.Pricing.PricingTestSupport;

namespace LlmTelemetry.Tests.Pricing
{
    public sealed class RepricerTests
    {
        private static TelemetryRecord Record(string? model, double? cost, string eventType = TelemetryRecord.LlmCallEvent) => new TelemetryRecord
        {
            Id = System.Guid.NewGuid().ToString("N"),
            Timestamp = Now,
            EventType = eventType,
            Model = model,
            Tokens = TokenUsage.Create(input: 1_000_000, output: 1_000_000),
            CostUsd = cost,
        };

        [Fact]
        public void Reprice_ReturnsNewRecordsWithTodaysCost_AndLeavesTheOriginalsAlone()
        {
            var calc = new CostCalculator(ModelRegistry.LoadBuiltIn());
            var stale = Record("gpt-4o-mini", 123.0);
            var repriced = Repricer.Reprice(stale, calc);
            AssertRelative(0.15 + 0.6, repriced.CostUsd, 1e-12, "gpt-4o-mini");
            Assert.Equal(123.0, stale.CostUsd);
            Assert.Equal(stale with { CostUsd = repriced.CostUsd }, repriced);
        }

        [Fact]
        public void Reprice_OfAnUnknownModel_IsNull_UnlessAskedToKeepTheRecordedCost()
        {
            var calc = new CostCalculator(ModelRegistry.LoadBuiltIn());
            var r = Record("mystery-model", 0.42);
            Assert.Null(Repricer.Reprice(r, calc).CostUsd);
            Assert.Equal(0.42, Repricer.Reprice(r, calc, keepCostWhenUnpriced: true).CostUsd);
        }

        [Fact]
        public void Reprice_LeavesEventsWithoutAModelAsTheyAre()
        {
            var calc = new CostCalculator(ModelRegistry.LoadBuiltIn());
            var start = Record(null, null, "session_start");
            Assert.Same(start, Repricer.Reprice(start, calc));
        }

        [Fact]
        public void RepriceMany_FollowsAnOverrideAddedAfterTheRecordsWereWritten_WithoutTouchingDisk()
        {
            using var temp = new TempFolder();
            var registry = ModelRegistry.Load(temp.File("models.json"));
            var records = new[] { Record("house-model", null), Record("gpt-4o", null) };
            registry.SetModel(new ModelInfo { Id = "house-model", Provider = "self", Prices = new[] { ModelPrice.Create(2, 8) } });
            var before = File.ReadAllText(temp.File("models.json"));
            var repriced = Repricer.Reprice(records, new CostCalculator(registry)).ToList();
            AssertRelative(10, repriced[0].CostUsd, 1e-12, "house-model");
            AssertRelative(12.5, repriced[1].CostUsd, 1e-12, "gpt-4o");
            Assert.All(records, r => Assert.Null(r.CostUsd));
            Assert.Equal(before, File.ReadAllText(temp.File("models.json")));
        }
    }
}
