using System;
using System.IO;
using System.Text.Json;
using LlmTelemetry.Records;

namespace LlmTelemetry.Tests.Pricing
{
    /// <summary>Paths to the shared LiteLLM file and temp folders for the pricing tests.</summary>
    internal static class PricingTestSupport
    {
        private static readonly Lazy<JsonDocument> s_liteLlm = new Lazy<JsonDocument>(() => JsonDocument.Parse(File.ReadAllBytes(LiteLlmPath)));

        /// <summary>The folder holding LlmTelemetry.slnx, found by walking up from the test binaries.</summary>
        public static string RepoRoot
        {
            get
            {
                var dir = new DirectoryInfo(AppContext.BaseDirectory);
                while (dir != null && !File.Exists(Path.Combine(dir.FullName, "LlmTelemetry.slnx"))) dir = dir.Parent;
                return dir?.FullName ?? throw new InvalidOperationException("LlmTelemetry.slnx not found above " + AppContext.BaseDirectory);
            }
        }

        /// <summary>shared/ sits beside the repository root, on developer machines and in CI alike.</summary>
        public static string LiteLlmPath =>
            Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "data", "litellm", "model_prices_and_context_window.json"));

        public static JsonElement LiteLlm => s_liteLlm.Value.RootElement;

        /// <summary>The standard mix of the per-model check: 1,234 input, 567 output, 2,000 5-minute and 1,000 1-hour cache writes, 30,000 cache reads.</summary>
        public static TokenUsage StandardMix => TokenUsage.Create(input: 1234, output: 567, cacheCreationInput: 3000, cacheCreation1hInput: 1000, cacheReadInput: 30000);

        public static readonly DateTimeOffset Now = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero);

        public static void AssertRelative(double expected, double? actual, double tolerance, string what)
        {
            Xunit.Assert.True(actual.HasValue, what + ": cost is null");
            var scale = Math.Max(Math.Abs(expected), 1e-12);
            Xunit.Assert.True(Math.Abs(actual!.Value - expected) / scale <= tolerance,
                $"{what}: expected {expected:R}, got {actual.Value:R}");
        }
    }

    /// <summary>A fresh folder under the temp directory, deleted afterwards.</summary>
    internal sealed class TempFolder : IDisposable
    {
        public TempFolder()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "llmtel-pricing-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temp folder does not make a test wrong.
            }
        }
    }
}
