using System;
using System.Collections.Generic;
using LlmTelemetry.Pricing;
using LlmTelemetry.Records;

namespace LlmTelemetry.Demo
{
    /// <summary>
    /// Realistic synthetic calls (models, agents, projects, operations, token mixes with cache use, working-hours
    /// rhythm, about 2% failures) for `llm-telemetry demo` and the benchmarks' datasets. Deterministic for a seed.
    /// </summary>
    public sealed class DemoDataGenerator
    {
        private static readonly (string Model, string Provider, double Weight, int InMean, int OutMean, bool Caches, bool Reasons)[] Models =
        {
            ("claude-sonnet-4-5", "anthropic", 0.30, 6000, 900, true, false),
            ("claude-haiku-4-5", "anthropic", 0.18, 3000, 400, true, false),
            ("claude-opus-4-6", "anthropic", 0.07, 9000, 1400, true, false),
            ("gpt-4o-mini", "openai", 0.14, 2500, 350, true, false),
            ("gpt-5", "openai", 0.08, 7000, 1500, true, true),
            ("o4-mini", "openai", 0.05, 4000, 1800, true, true),
            ("gemini-2.5-flash", "google", 0.08, 5000, 600, false, true),
            ("deepseek-chat", "deepseek", 0.04, 3500, 700, true, false),
            ("mistral-small-latest", "mistral", 0.03, 2000, 300, false, false),
            ("llama3.1:8b", "ollama", 0.03, 1500, 250, false, false),
        };

        private static readonly string[] Agents = { "doc-finder", "code-reviewer", "release-notes", "support-bot", "test-writer", "planner" };
        private static readonly string[] Operations = { "search", "summarize", "review", "classify", "generate", "plan", "extract" };
        private static readonly string[] Projects = { "spacewalker", "billing-api", "webshop", "data-pipeline", "infra" };
        private static readonly string[] Users = { "chad", "ana", "li", "sam" };
        private static readonly string[] Hosts = { "dev-laptop", "ci-runner-1", "build-box" };
        private static readonly string[] Errors = { "rate_limited: 429 Too Many Requests", "overloaded: 529", "timeout after 60 s", "invalid_request: prompt too long" };

        private readonly Random _random;
        private readonly ICallPricer? _pricer;

        /// <param name="pricer">Prices a call; null leaves a simple built-in estimate (so the demo has costs without a registry).</param>
        public DemoDataGenerator(int seed = 42, ICallPricer? pricer = null)
        {
            _random = new Random(seed);
            _pricer = pricer;
        }

        /// <summary>About <paramref name="perDay"/> calls on each of the last <paramref name="days"/> days ending at <paramref name="end"/>, oldest first.</summary>
        public IEnumerable<TelemetryRecord> Generate(int days, int perDay, DateTimeOffset end)
        {
            var endDay = end.UtcDateTime.Date;
            for (int d = days - 1; d >= 0; d--)
            {
                var day = endDay.AddDays(-d);
                bool weekend = day.DayOfWeek == DayOfWeek.Saturday || day.DayOfWeek == DayOfWeek.Sunday;
                int count = Math.Max(1, (int)(perDay * (weekend ? 0.35 : 1.0) * (0.7 + _random.NextDouble() * 0.6)));
                var sessionBase = "sess-" + day.ToString("yyyyMMdd") + "-";
                for (int i = 0; i < count; i++)
                {
                    var at = new DateTimeOffset(day, TimeSpan.Zero).AddSeconds(WorkingSecond());
                    if (at > end) continue;
                    yield return Call(at, sessionBase + _random.Next(0, Math.Max(3, count / 25)));
                }
            }
        }

        private double WorkingSecond()
        {
            // Most calls between 08:00 and 19:00 UTC, a tail at night: people, then CI.
            double hour = _random.NextDouble() < 0.85 ? 8 + _random.NextDouble() * 11 : _random.NextDouble() * 24;
            return Math.Min(hour * 3600, 86399.999);
        }

        private TelemetryRecord Call(DateTimeOffset at, string session)
        {
            var m = PickModel();
            long input = Skewed(m.InMean), output = Skewed(m.OutMean);
            long cacheRead = m.Caches && _random.NextDouble() < 0.6 ? Skewed(m.InMean * 4) : 0;
            long cacheWrite = m.Caches && _random.NextDouble() < 0.2 ? Skewed(m.InMean) : 0;
            long cacheWrite1h = cacheWrite > 0 && _random.NextDouble() < 0.3 ? cacheWrite / 2 : 0;
            long reasoning = m.Reasons ? (long)(output * (0.3 + _random.NextDouble() * 0.5)) : 0;
            bool failed = _random.NextDouble() < 0.02;
            if (failed) { output = 0; reasoning = 0; cacheRead = 0; cacheWrite = 0; cacheWrite1h = 0; }
            var tokens = TokenUsage.Create(input, output, cacheWrite, cacheWrite1h, cacheRead, reasoning);
            double? cost = failed ? 0 : _pricer is null ? Estimate(tokens) : _pricer.Price(m.Model, tokens, at);
            string agent = Agents[_random.Next(Agents.Length)];
            var builder = new TelemetryRecordBuilder()
                .At(at).Model(m.Model).Provider(m.Provider).Agent(agent).Operation(Operations[_random.Next(Operations.Length)])
                .Session(session).User(Users[_random.Next(Users.Length)])
                .DurationMs((long)(200 + output * (3 + _random.NextDouble() * 6) + _random.NextDouble() * 800))
                .Tokens(tokens).Cost(cost)
                .Project(Projects[_random.Next(Projects.Length)]).GitBranch(_random.NextDouble() < 0.7 ? "main" : "feature/" + agent)
                .Host(Hosts[_random.Next(Hosts.Length)]).Source("demo");
            if (failed) builder.Error(Errors[_random.Next(Errors.Length)]);
            return builder.Build();
        }

        private (string Model, string Provider, double Weight, int InMean, int OutMean, bool Caches, bool Reasons) PickModel()
        {
            double x = _random.NextDouble(), acc = 0;
            foreach (var m in Models)
            {
                acc += m.Weight;
                if (x < acc) return m;
            }
            return Models[0];
        }

        private long Skewed(int mean) => Math.Max(1, (long)(mean * -Math.Log(1 - _random.NextDouble() * 0.999)));

        /// <summary>A flat $3/$15 per million estimate used only when no registry is given.</summary>
        private static double Estimate(TokenUsage t)
            => (t.Input * 3.0 + t.Output * 15.0 + t.CacheCreationInput * 3.75 + t.CacheReadInput * 0.3) / 1_000_000;
    }
}
