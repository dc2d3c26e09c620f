using System.Collections.Generic;

namespace LlmTelemetry.Pricing
{
    /// <summary>A price that was saved: the model as the registry now has it, and what the change lost.</summary>
    public sealed record ModelPriceChange
    {
        public ModelInfo Model { get; init; } = new ModelInfo();

        /// <summary>True when the model was new to the registry.</summary>
        public bool Added { get; init; }

        public IReadOnlyList<string> Warnings { get; init; } = System.Array.Empty<string>();
    }
}
