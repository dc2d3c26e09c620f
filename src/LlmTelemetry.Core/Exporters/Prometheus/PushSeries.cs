using LlmTelemetry.Queries;

namespace LlmTelemetry.Exporters.Prometheus
{
    /// <summary>
    /// One Prometheus series set: the store's llm_call totals for one (model, provider, agent, project, host), since
    /// the first day the store knows, and their latency buckets. A missing name is the empty label value, which
    /// Prometheus treats as no label.
    /// </summary>
    internal sealed class PushSeries
    {
        public PushSeries(string model, string provider, string agent, string project, string host)
        {
            Model = model;
            Provider = provider;
            Agent = agent;
            Project = project;
            Host = host;
        }

        public string Model { get; }
        public string Provider { get; }
        public string Agent { get; }
        public string Project { get; }

        /// <summary>The record's host, hashed when anonymising.</summary>
        public string Host { get; }

        public UsageTotals Totals { get; } = new UsageTotals();

        /// <summary>The calls with a duration, in the rollups' 5% buckets (<see cref="LatencyHistogram"/>).</summary>
        public LatencyHistogram Latency { get; } = new LatencyHistogram();

        /// <summary>The label names in the order every line writes them.</summary>
        public static readonly string[] LabelNames = { "model", "provider", "agent", "project", "host" };

        public string[] LabelValues => new[] { Model, Provider, Agent, Project, Host };
    }
}
