using System.Collections.Generic;
using System.IO;
using System.Linq;
using Xunit;

namespace LlmTelemetry.Cli.Tests
{
    /// <summary>
    /// The history tier through the CLI, process by process: 120 days of demo calls, then `prune` with the default
    /// 30-day retention. Every `costs --json` over the 120 days prints the same bytes before and after.
    /// </summary>
    public sealed class CliPruneTests
    {
        private static readonly string[][] Questions =
        {
            new[] { "costs", "--days", "120" },
            new[] { "costs", "--days", "120", "--by", "day" },
            new[] { "costs", "--days", "120", "--by", "month,model" },
            new[] { "costs", "--days", "120", "--by", "week,project", "--timezone", "Asia/Kolkata" },
            new[] { "costs", "--days", "120", "--by", "project,model", "--timezone", "America/St_Johns" },
            new[] { "costs", "--days", "120", "--by", "agent", "--model", "claude*" },
            new[] { "costs", "--days", "120", "--by", "session", "--project", "billing-api" },
            new[] { "costs", "--days", "120", "--by", "day,model", "--agent", "code-reviewer", "--timezone", "Europe/Berlin" },
        };

        [Fact]
        public void A_prune_to_30_days_changes_no_costs_output_over_120_days()
        {
            using var sandbox = new CliSandbox();
            sandbox.Run("demo", "--days", "120", "--per-day", "40", "--dir", sandbox.Store, "--json").Ok();
            var keepAll = new Dictionary<string, string> { ["LLM_RETENTION_DAYS"] = "365" };
            var before = Questions.Select(q => sandbox.Run(q.Concat(new[] { "--dir", sandbox.Store, "--json" }), keepAll).Ok().Stdout).ToList();

            var prune = sandbox.Run(new[] { "prune", "--dir", sandbox.Store, "--json" }, new Dictionary<string, string>()).Ok().Json;
            Assert.Contains(prune.GetProperty("steps").EnumerateArray(), s => s.GetProperty("action").GetString() == "archive");
            Assert.True(Directory.GetFiles(Path.Combine(sandbox.Store, "history"), "*.rollup").Length >= 89);

            for (int i = 0; i < Questions.Length; i++)
            {
                var after = sandbox.Run(Questions[i].Concat(new[] { "--dir", sandbox.Store, "--json" }), new Dictionary<string, string>()).Ok();
                Assert.Equal(before[i], after.Stdout);
            }
        }
    }
}
