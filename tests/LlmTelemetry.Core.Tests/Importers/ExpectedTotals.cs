using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace LlmTelemetry.Tests.Importers
{
    /// <summary>fixtures/expected-totals.json: what ccusage 20.0.24 reports for each fixture, per model.</summary>
    internal static class ExpectedTotals
    {
        public static Dictionary<string, ModelTotals> For(string fixture)
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(ImportTestSupport.FixturesRoot(), "expected-totals.json")));
            var result = new Dictionary<string, ModelTotals>();
            foreach (var model in doc.RootElement.GetProperty(fixture).GetProperty("by_model").EnumerateObject())
            {
                var v = model.Value;
                result[model.Name] = new ModelTotals(
                    v.GetProperty("input").GetInt64(),
                    v.GetProperty("output").GetInt64(),
                    v.GetProperty("cache_creation_input").GetInt64(),
                    v.GetProperty("cache_read_input").GetInt64(),
                    v.TryGetProperty("reasoning", out var r) ? r.GetInt64() : 0,
                    0);
            }
            return result;
        }

        /// <summary>One model's row, with its "calls" where the file states them (else 0).</summary>
        public static ModelTotals Row(string fixture, string model) => For(fixture)[model] with { Calls = Calls(fixture, model) ?? 0 };

        /// <summary>The fixtures the file lists, as paths under fixtures/ ("claude-code/…", "codex/…", "gemini/…").</summary>
        public static IReadOnlyList<string> Fixtures()
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(ImportTestSupport.FixturesRoot(), "expected-totals.json")));
            return doc.RootElement.EnumerateObject().Select(p => p.Name).ToList();
        }

        public static double FileCost(string fixture)
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(ImportTestSupport.FixturesRoot(), "expected-totals.json")));
            return doc.RootElement.GetProperty(fixture).GetProperty("cost_usd").GetDouble();
        }

        public static IReadOnlyList<string> Days(string fixture)
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(ImportTestSupport.FixturesRoot(), "expected-totals.json")));
            return doc.RootElement.GetProperty(fixture).GetProperty("days").EnumerateArray().Select(d => d.GetString()!).ToList();
        }

        /// <summary>The row's "calls", where the file states how many calls a model's tokens come from.</summary>
        public static long? Calls(string fixture, string model)
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(ImportTestSupport.FixturesRoot(), "expected-totals.json")));
            var m = doc.RootElement.GetProperty(fixture).GetProperty("by_model").GetProperty(model);
            return m.TryGetProperty("calls", out var c) ? c.GetInt64() : null;
        }

        public static double? Cost(string fixture, string model)
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(ImportTestSupport.FixturesRoot(), "expected-totals.json")));
            var m = doc.RootElement.GetProperty(fixture).GetProperty("by_model").GetProperty(model);
            return m.TryGetProperty("cost_usd", out var c) ? c.GetDouble() : null;
        }
    }
}
