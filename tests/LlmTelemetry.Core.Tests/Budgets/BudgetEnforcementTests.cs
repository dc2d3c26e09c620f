using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading.Tasks;
using LlmTelemetry.Budgets;
using LlmTelemetry.Configuration;
using LlmTelemetry.Providers;
using LlmTelemetry.Records;
using LlmTelemetry.Tests.Providers.Support;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Tests.Budgets
{
    /// <summary>
    /// The chat client refuses a call whose estimate would cross an enforced budget or its MaxCostUsd, before
    /// anything is sent, against a real HTTP server replaying the Anthropic fixture.
    /// </summary>
    public sealed class BudgetEnforcementTests
    {
        // Harness.Request: about ten prompt tokens and max_tokens 256 at $3/$15 per million: about $0.0039.
        private const double AboutTheEstimate = 0.0039;

        private static LlmClient Client(TempStore t, LoopbackServer server, List<string> warnings) => new LlmClient(new LlmClientOptions
        {
            Sink = t.Store,
            Pricer = new TestPricer(FakePricing.Price),
            Environment = name => name == "ANTHROPIC_API_KEY" ? "sk-ant-test" : null,
            BaseUris = new Dictionary<ProviderKind, Uri> { [ProviderKind.Anthropic] = server.BaseUri },
            Retry = new RetryOptions { MaxAttempts = 1 },
            Context = new CallContext("llmtelemetry", "main", "host"),
            Budgets = new BudgetMonitor(t.Store, TimeZoneInfo.Utc),
            Warning = warnings.Add,
        });

        private static void Spent(TempStore t, double usd)
            => t.Store.Append(TempStore.Call(DateTimeOffset.UtcNow, cost: usd, project: "llmtelemetry"));

        private static List<TelemetryRecord> Records(TempStore t) => t.Store.Query().ToList();

        [Fact]
        public async Task An_enforced_budget_near_its_limit_refuses_the_call_sends_nothing_and_records_no_priced_call()
        {
            using var t = new TempStore();
            await using var server = new LoopbackServer(Respond.Fixture("anthropic-messages.json"));
            BudgetConfig.Set(t.Options.ConfigFile!, new Budget { Name = "daily", Period = BudgetPeriod.Daily, AmountUsd = 1, Enforce = true });
            Spent(t, 0.999);
            var warnings = new List<string>();
            using var client = Client(t, server, warnings);

            var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => client.ChatAsync(Harness.Request("claude-sonnet-4-5")));

            Assert.Equal("daily", ex.BudgetName);
            Assert.Equal(0.999, ex.SpentUsd, 9);
            Assert.Equal(1, ex.LimitUsd);
            Assert.InRange(ex.EstimateUsd, AboutTheEstimate - 0.0003, AboutTheEstimate + 0.0003);
            Assert.Equal(TelemetryErrorCode.BudgetExceeded, ex.Code);
            Assert.Contains("budget 'daily' (daily, all): $0.999 spent of the $1.00 limit", ex.Message);
            Assert.Contains("256 max output tokens of claude-sonnet-4-5", ex.Message);
            Assert.Empty(server.Requests);
            var records = Records(t);
            Assert.Single(records, r => r.IsLlmCall);
            var refused = Assert.Single(records, r => r.EventType == EventTypes.BudgetRefused);
            Assert.Null(refused.CostUsd);
            Assert.Equal(0, refused.Tokens.Total);
            using var payload = JsonDocument.Parse(refused.Payload!.ToString()!);
            Assert.Equal("daily", payload.RootElement.GetProperty("budget").GetString());
            Assert.Equal(1, payload.RootElement.GetProperty("limit_usd").GetDouble());
            Assert.Equal(0.999, payload.RootElement.GetProperty("spent_usd").GetDouble(), 9);
            // The refusal counts no cost in any report.
            Assert.Equal(0.999, LlmTelemetry.Queries.CostReporter.Run(t.Store, LlmTelemetry.Queries.RecordQuery.All).Total.CostUsd, 9);
        }

        [Fact]
        public async Task A_call_under_the_line_goes_and_its_cost_can_raise_an_alert()
        {
            using var t = new TempStore();
            await using var server = new LoopbackServer(Respond.Fixture("anthropic-messages.json"));
            BudgetConfig.Set(t.Options.ConfigFile!, new Budget { Name = "daily", Period = BudgetPeriod.Daily, AmountUsd = 1, Enforce = true, Thresholds = new[] { 1 } });
            Spent(t, 0.5);
            var warnings = new List<string>();
            using var client = Client(t, server, warnings);

            var result = await client.ChatAsync(Harness.Request("claude-sonnet-4-5") with { MaxCostUsd = 0.5 });

            Assert.NotNull(result.Record);
            Assert.Single(server.Requests);
            Assert.Equal(2, Records(t).Count(r => r.IsLlmCall));
            Assert.Contains(warnings, w => w.Contains("budget 'daily' (daily, all) passed 1%", StringComparison.Ordinal));
        }

        [Fact]
        public async Task A_max_cost_below_the_estimate_refuses_the_call_without_a_budget()
        {
            using var t = new TempStore();
            await using var server = new LoopbackServer(Respond.Fixture("anthropic-messages.json"));
            using var client = Client(t, server, new List<string>());

            var ex = await Assert.ThrowsAsync<BudgetExceededException>(() => client.ChatAsync(Harness.Request("claude-sonnet-4-5") with { MaxCostUsd = 0.001 }));

            Assert.Null(ex.BudgetName);
            Assert.Equal(0.001, ex.LimitUsd);
            Assert.Contains("more than the per-call limit of $0.001 (max cost)", ex.Message);
            Assert.Empty(server.Requests);
            var refused = Assert.Single(Records(t));
            Assert.Equal(EventTypes.BudgetRefused, refused.EventType);
            Assert.Null(refused.CostUsd);
        }

        [Fact]
        public async Task A_budget_of_another_scope_does_not_refuse_and_a_bad_max_cost_is_refused_naming_it()
        {
            using var t = new TempStore();
            await using var server = new LoopbackServer(Respond.Fixture("anthropic-messages.json"));
            BudgetConfig.Set(t.Options.ConfigFile!, new Budget { Name = "other", Period = BudgetPeriod.Daily, Scope = BudgetScope.Project("other"), AmountUsd = 0.0001, Enforce = true });
            using var client = Client(t, server, new List<string>());

            await client.ChatAsync(Harness.Request("claude-sonnet-4-5"));
            var bad = await Assert.ThrowsAsync<TelemetryValidationException>(() => client.ChatAsync(Harness.Request("claude-sonnet-4-5") with { MaxCostUsd = -1 }));

            Assert.Single(server.Requests);
            Assert.Equal("max_cost_usd", bad.Field);
        }
    }
}
