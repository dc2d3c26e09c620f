using System.Collections.Generic;

namespace LlmTelemetry.Pricing
{
    /// <summary>
    /// What setting a price will do, decided before anything is written, so a front end can ask first (-WhatIf,
    /// -Confirm) and say exactly what it would change.
    /// </summary>
    public sealed record ModelPricePlan
    {
        /// <summary>The registry id the price goes to (the resolved id of a known model, the trimmed name of a new one).</summary>
        public string Id { get; init; } = "";

        public string Provider { get; init; } = "";

        /// <summary>True when the registry does not know the model: it is added.</summary>
        public bool IsNew { get; init; }

        /// <summary>The complete price list that will be saved (gaps filled by the Claude or the plain rules).</summary>
        public ModelPrice Price { get; init; } = new ModelPrice();

        public int? ContextWindow { get; init; }

        /// <summary>How the requested name resolved, when it was not the id itself (an alias, a provider prefix); else null.</summary>
        public string? Resolution { get; init; }

        /// <summary>One sentence: the change, its rates, from when, and the file it is written to.</summary>
        public string Description { get; init; } = "";

        /// <summary>What the change loses (the replaced list's long-context tiers or reasoning rate), one sentence each.</summary>
        public IReadOnlyList<string> Warnings { get; init; } = System.Array.Empty<string>();

        internal ModelInfo? Known { get; init; }
    }
}
