namespace LlmTelemetry.Exporters
{
    /// <summary>
    /// The OpenTelemetry GenAI semantic conventions this product ships by, in one table: attribute and metric names,
    /// and the advised histogram bucket boundaries. The conventions are still marked "Development" upstream, so a
    /// rename there is a change here alone (the OTLP sink and the Pushgateway histogram both read this table).
    /// </summary>
    internal static class GenAiConventions
    {
        public const string OperationName = "gen_ai.operation.name";
        public const string ProviderName = "gen_ai.provider.name";
        public const string RequestModel = "gen_ai.request.model";

        /// <summary>In OTel the input count includes cached tokens: ours is input + cache reads + cache writes.</summary>
        public const string InputTokens = "gen_ai.usage.input_tokens";
        public const string OutputTokens = "gen_ai.usage.output_tokens";
        public const string CacheReadInputTokens = "gen_ai.usage.cache_read.input_tokens";
        public const string CacheCreationInputTokens = "gen_ai.usage.cache_creation.input_tokens";
        public const string ReasoningOutputTokens = "gen_ai.usage.reasoning.output_tokens";
        public const string TokenType = "gen_ai.token.type";
        public const string TokenTypeInput = "input";
        public const string TokenTypeOutput = "output";

        /// <summary>The operation name of a chat call (our records are chat completions unless they name another).</summary>
        public const string ChatOperation = "chat";

        public const string TokenUsageMetric = "gen_ai.client.token.usage";
        public const string TokenUsageUnit = "{token}";
        public const string OperationDurationMetric = "gen_ai.client.operation.duration";
        public const string OperationDurationUnit = "s";

        /// <summary>Advised boundaries of gen_ai.client.operation.duration, in seconds.</summary>
        public static readonly double[] OperationDurationBounds = { 0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92 };

        /// <summary>Advised boundaries of gen_ai.client.token.usage, in tokens.</summary>
        public static readonly double[] TokenUsageBounds = { 1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864 };
    }
}
