using System.Collections.Generic;

namespace LlmTelemetry.Pricing
{
    /// <summary>The outcome of <see cref="ModelRegistry.Resolve"/>: the model (when found) and, in words, how it was found.</summary>
    public sealed record ModelResolution
    {
        public string Requested { get; init; } = "";
        public ModelInfo? Model { get; init; }
        public ResolutionMethod Method { get; init; }

        /// <summary>e.g. "resolved 'sonnet' to claude-sonnet-5 (alias)", "unknown model 'foo'".</summary>
        public string? Explanation { get; init; }

        /// <summary>For an ambiguous name: the models it could mean.</summary>
        public IReadOnlyList<string> Candidates { get; init; } = System.Array.Empty<string>();

        public bool Found => Model != null;

        /// <summary>" It could be: a, b." for an ambiguous name, else empty: the one "did you mean" both front ends append to their not-found message.</summary>
        public string DidYouMean => Candidates.Count > 0 ? " It could be: " + string.Join(", ", Candidates) + "." : "";

        /// <summary>True when a found model's id is not what was asked for, so the explanation is worth showing.</summary>
        public bool IsIndirect => Model is { } m && !string.Equals(m.Id, Requested.Trim(), System.StringComparison.OrdinalIgnoreCase);
    }
}
