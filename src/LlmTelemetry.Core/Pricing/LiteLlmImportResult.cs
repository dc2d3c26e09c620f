using System;
using System.Collections.Generic;

namespace LlmTelemetry.Pricing
{
    /// <summary>What an import did. Importing the same file twice reports 0 added and 0 changed the second time.</summary>
    public sealed record LiteLlmImportResult
    {
        public int Added { get; init; }
        public int Changed { get; init; }
        public int Unchanged { get; init; }

        /// <summary>Entries that are not chat models, have no token prices, or repeat a model already taken from the file.</summary>
        public int Skipped { get; init; }

        public IReadOnlyList<string> AddedIds { get; init; } = Array.Empty<string>();
        public IReadOnlyList<string> ChangedIds { get; init; } = Array.Empty<string>();
        public string? OverridesPath { get; init; }
        public bool DryRun { get; init; }
    }
}
