using System;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Tests.Queries
{
    public sealed class NameCatalogTests
    {
        [Fact]
        public void Completion_offers_the_recent_distinct_names_matching_the_prefix_case_insensitively()
        {
            using var t = new TempStore();
            t.Store.Append(TempStore.Call(t.Now.AddDays(-1), model: "claude-sonnet-4-5", agent: "doc-finder", project: "alpha"));
            t.Store.Append(TempStore.Call(t.Now.AddHours(-1), model: "Claude-Haiku-4-5", agent: "doc-finder", project: "beta"));
            t.Store.Append(TempStore.Call(t.Now, model: "gpt-4o-mini", agent: null, project: "alpha"));
            t.Store.Append(TempStore.Call(t.Now.AddDays(-200), model: "claude-2", agent: "ancient"));

            Assert.Equal(new[] { "Claude-Haiku-4-5", "claude-sonnet-4-5" }, NameCatalog.Values(t.Store, GroupKey.Model, "cla"));
            Assert.Equal(new[] { "doc-finder" }, NameCatalog.Values(t.Store, GroupKey.Agent));
            Assert.Equal(new[] { "alpha", "beta" }, NameCatalog.Values(t.Store, GroupKey.Project, "'"));
            Assert.Contains("claude-2", NameCatalog.Values(t.Store, GroupKey.Model, "claude", recentDays: 365));
        }

        [Fact]
        public void Time_keys_have_no_names_to_complete()
        {
            using var t = new TempStore();
            Assert.Throws<TelemetryValidationException>(() => NameCatalog.Values(t.Store, GroupKey.Day));
        }
    }
}
