namespace LlmTelemetry.Exporters.Otlp
{
    /// <summary>
    /// Every name the OTLP sink writes that is not a GenAI convention (those are in <see cref="GenAiConventions"/>):
    /// the resource, the scope, and our own fields under the llm. prefix, in one table.
    /// </summary>
    internal static class OtlpNames
    {
        public const string ServiceName = "service.name";
        public const string HostName = "host.name";
        public const string Service = "llm-telemetry";
        public const string Scope = "llm-telemetry";

        public const string LogsPath = "v1/logs";
        public const string MetricsPath = "v1/metrics";

        public const string Id = "llm.id";
        public const string EventType = "llm.event_type";
        public const string Operation = "llm.operation";
        public const string Agent = "llm.agent_name";
        public const string Project = "llm.project";
        public const string GitBranch = "llm.git_branch";
        public const string Session = "llm.session_id";
        public const string User = "llm.user_id";
        public const string Host = "llm.host";
        public const string Source = "llm.source";
        public const string Success = "llm.success";
        public const string Error = "llm.error";
        public const string DurationMs = "llm.duration_ms";
        public const string CostUsd = "llm.cost_usd";

        /// <summary>OTLP SeverityNumber values (logs data model): INFO and ERROR.</summary>
        public const int SeverityInfo = 9;
        public const int SeverityError = 17;

        /// <summary>AggregationTemporality DELTA.</summary>
        public const int Delta = 1;
    }
}
