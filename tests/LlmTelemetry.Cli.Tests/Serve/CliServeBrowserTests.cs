using System;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Tasks;
using LlmTelemetry.Tests.Exporters;
using Xunit;

namespace LlmTelemetry.Cli.Tests.Serve
{
    /// <summary>
    /// The live dashboard in headless Chromium (tests/browser/live.mjs) against a real `llm-telemetry serve` on a store
    /// of over 5,000 events: the token URL, every page of the table, a filter, an export, a confirmed delete; the page's
    /// numbers against the API's and the CLI's. Artifacts (screenshot, export, spec, result) in browser-artifacts/live.
    /// </summary>
    public sealed class CliServeBrowserTests
    {
        [BrowserFact]
        public async Task The_live_page_shows_the_apis_numbers_pages_exports_and_deletes()
        {
            if (HtmlReportBrowser.Check(out var chromium, out var node) is string missing) throw new InvalidOperationException(missing);
            using var sandbox = new CliSandbox();
            sandbox.Run("demo", "--dir", sandbox.Store, "--days", "45", "--per-day", "170", "--json").Ok();
            var all = sandbox.Run("events", "--dir", sandbox.Store, "--json", "--limit", "1000000").Ok().Json.GetProperty("events").EnumerateArray().ToList();
            Assert.True(all.Count >= 5000, "the store holds " + all.Count + " events");
            var days = all.Select(e => e.GetProperty("timestamp").GetString()!.Substring(0, 10)).Distinct().OrderBy(d => d, StringComparer.Ordinal).ToList();
            string cut = days[3];
            int removable = all.Count(e => string.CompareOrdinal(e.GetProperty("timestamp").GetString()!.Substring(0, 10), cut) < 0);

            using var server = new ServeProcess(sandbox);
            var stats = await server.GetJson("api/telemetry/stats");
            const string model = "claude-sonnet-4-5";
            var filtered = await server.GetJson("api/telemetry/stats?model=" + model);
            var firstFiltered = await server.GetJson("api/telemetry/events?limit=100&model=" + model);

            var artifacts = Path.Combine(AppContext.BaseDirectory, "browser-artifacts", "live");
            Directory.CreateDirectory(artifacts);
            var spec = new JsonObject { ["artifacts"] = artifacts, ["url"] = server.Url, ["model"] = model, ["deleteBefore"] = cut };
            var result = HtmlReportBrowser.Run(spec, artifacts, chromium, node, "live.mjs");

            Assert.Empty(result["pageErrors"]!.AsArray());
            Assert.Null(result["errorText"]?.GetValue<string>());
            // The token left the address bar; nothing was asked of anyone but this server.
            Assert.Equal(server.Base.ToString(), result["landedAt"]!.GetValue<string>());
            Assert.All(result["requests"]!.AsArray(), r => Assert.StartsWith(server.Base.ToString(), r!.GetValue<string>()));

            var cards = result["cardsAll"]!;
            Assert.Equal(stats.GetProperty("calls").GetInt64().ToString(), cards["calls"]!.GetValue<string>());
            Assert.Equal(stats.GetProperty("unpriced_calls").GetInt64().ToString(), cards["unpriced"]!.GetValue<string>());
            Assert.Equal(stats.GetProperty("cost_usd").GetDouble(), double.Parse(cards["cost"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture), 9);

            // Cost by model: the costs endpoint's rows, biggest first; under the model filter, that model alone.
            var costs = await server.GetJson("api/telemetry/costs?by=model");
            var expectedModels = costs.GetProperty("groups").EnumerateArray().OrderByDescending(g => g.GetProperty("cost_usd").GetDouble())
                .Take(10).Select(g => g.GetProperty("key").GetString()!).ToList();
            Assert.Equal(expectedModels, result["modelsAll"]!.AsArray().Select(r => r![0]!.GetValue<string>()).ToList());
            Assert.Equal(new[] { model }, result["modelsFiltered"]!.AsArray().Select(r => r![0]!.GetValue<string>()));
            Assert.Contains("Deleted", result["statusText"]!.GetValue<string>());

            // The time charts, drawn by the static report's code from the report endpoint's document, follow the filter.
            var report = await server.GetJson("api/telemetry/report");
            var chartsAll = result["chartsAll"]!;
            Assert.True(chartsAll["shown"]!.GetValue<bool>());
            Assert.Equal(report.GetProperty("daily").GetProperty("days").EnumerateArray().Select(d => d.GetString()!).ToList(),
                chartsAll["days"]!.AsArray().Select(d => d!.GetValue<string>()).ToList());
            Assert.Equal(report.GetProperty("daily").GetProperty("series").EnumerateArray().Select(x => x.GetProperty("name").GetString()!).ToList(),
                chartsAll["legend"]!.AsArray().Select(l => l!.GetValue<string>()).ToList());
            Assert.Equal(7 * 24, chartsAll["heatCells"]!.GetValue<int>());
            Assert.StartsWith(report.GetProperty("latency").GetProperty("count").GetInt64().ToString("N0", System.Globalization.CultureInfo.GetCultureInfo("en-US")) + " calls with a duration",
                chartsAll["latencyTitle"]!.GetValue<string>());
            Assert.Equal(new[] { model }, result["chartsFiltered"]!["legend"]!.AsArray().Select(l => l!.GetValue<string>()));

            // Every event, once, in the CLI's order, through server-side pages of 100.
            var ids = result["allIds"]!.AsArray().Select(i => i!.GetValue<string>()).ToList();
            Assert.Equal(all.Select(e => e.GetProperty("id").GetString()!).ToList(), ids);
            Assert.Equal((all.Count + 99) / 100, result["pages"]!.GetValue<int>());

            Assert.Equal(filtered.GetProperty("calls").GetInt64().ToString(), result["cardsFiltered"]!["calls"]!.GetValue<string>());
            Assert.NotEqual(cards["calls"]!.GetValue<string>(), result["cardsFiltered"]!["calls"]!.GetValue<string>());
            Assert.Equal(firstFiltered.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("id").GetString()!).ToList(),
                result["filteredIds"]!.AsArray().Select(i => i!.GetValue<string>()).ToList());
            Assert.Equal(new[] { model }, result["filteredModels"]!.AsArray().Select(m => m!.GetValue<string>()));

            int expectedLines = all.Count(e => e.GetProperty("model").GetString() == model);
            Assert.Equal(expectedLines, result["exportLines"]!.GetValue<int>());
            Assert.Equal("telemetry-export.jsonl", result["exportName"]!.GetValue<string>());
            Assert.Equal(new[] { model }, result["exportModels"]!.AsArray().Select(m => m!.GetValue<string>()));
            Assert.True(File.Exists(Path.Combine(artifacts, "live.png")));

            // Dismissed: nothing gone. Accepted: exactly the days before the cut.
            var dialogs = result["dialogs"]!.AsArray();
            Assert.Equal(2, dialogs.Count);
            Assert.All(dialogs, d => Assert.Equal("confirm", d!["type"]!.GetValue<string>()));
            Assert.Null(result["deletedAfterDismiss"]?.GetValue<string>());
            Assert.Equal(removable, result["deleted"]!.GetValue<int>());
            var after = sandbox.Run("events", "--dir", sandbox.Store, "--json", "--limit", "1000000").Ok().Json.GetProperty("events").GetArrayLength();
            Assert.Equal(all.Count - removable, after);
        }
    }
}
