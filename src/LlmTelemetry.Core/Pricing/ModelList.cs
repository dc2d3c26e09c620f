using System.Collections.Generic;

namespace LlmTelemetry.Pricing
{
    /// <summary>The outcome of <see cref="ModelRegistry.List"/>.</summary>
    public sealed record ModelList
    {
        /// <summary>Each model once, by provider then id (case-insensitive).</summary>
        public IReadOnlyList<ModelInfo> Models { get; init; } = System.Array.Empty<ModelInfo>();

        /// <summary>Exact names that resolved to another id (an alias, a dated name); their explanations say how.</summary>
        public IReadOnlyList<ModelResolution> Resolved { get; init; } = System.Array.Empty<ModelResolution>();

        /// <summary>Exact names the registry does not know, each with the models it could mean (<see cref="ModelResolution.DidYouMean"/>).</summary>
        public IReadOnlyList<ModelResolution> NotFound { get; init; } = System.Array.Empty<ModelResolution>();
    }
}
