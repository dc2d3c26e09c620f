using LlmTelemetry.Pricing;

namespace LlmTelemetry
{
    /// <summary>What Import-LlmModelPrice did (or, with -WhatIf, would do): flat counts, one CSV row per import.</summary>
    public sealed class LlmModelPriceImportResult
    {
        internal LlmModelPriceImportResult(string path, LiteLlmImportResult r)
        {
            Path = path;
            DryRun = r.DryRun;
            Added = r.Added;
            Changed = r.Changed;
            Unchanged = r.Unchanged;
            Skipped = r.Skipped;
            OverridesPath = r.OverridesPath;
        }

        /// <summary>The LiteLLM file read.</summary>
        public string Path { get; }

        /// <summary>True with -WhatIf: everything was read and compared, nothing written.</summary>
        public bool DryRun { get; }

        /// <summary>Models new to the registry.</summary>
        public int Added { get; }

        /// <summary>Known models whose figures differ from the file's.</summary>
        public int Changed { get; }

        public int Unchanged { get; }

        /// <summary>Entries that are not chat models, have no token prices, or repeat a model already taken from the file.</summary>
        public int Skipped { get; }

        /// <summary>The user's model override file written (with -WhatIf: that would be written).</summary>
        public string? OverridesPath { get; }
    }
}
