using System;

namespace LlmTelemetry.Pricing
{
    /// <summary>The rates of a whole request whose prompt (input + cache writes + cache reads) is above <see cref="AbovePromptTokens"/>.</summary>
    public sealed record PriceTier
    {
        public long AbovePromptTokens { get; init; }
        public double Input { get; init; }
        public double Output { get; init; }
        public double CacheWrite5m { get; init; }
        public double CacheWrite1h { get; init; }
        public double CacheRead { get; init; }
    }
}
