using System;
using System.IO;
using LlmTelemetry.Configuration;
using LlmTelemetry.Pricing;

namespace LlmTelemetry.Internal
{
    /// <summary>
    /// The registry hooks every cmdlet passes to the core: <see cref="RegistryPricing.Default"/>, as the CLI uses it.
    /// A PowerShell session lives long and may move LLM_TELEMETRY_CONFIG_DIR (Pester does, per test), while
    /// Default is fixed at its first use; so when the override file of the current settings is another one, the
    /// registry over that file is used instead (one per file, kept, so cmdlets in one session see each other's changes).
    /// </summary>
    internal static class ModuleRegistry
    {
        private static readonly object Gate = new object();
        private static RegistryPricing? s_other;

        public static RegistryPricing Current
        {
            get
            {
                string wanted = Path.GetFullPath(ConfigPaths.ModelOverridesFile);
                var standard = RegistryPricing.Default;
                if (SamePath(standard.Registry.OverridesPath, wanted)) return standard;
                lock (Gate)
                {
                    if (s_other is null || !SamePath(s_other.Registry.OverridesPath, wanted))
                        s_other = new RegistryPricing(ModelRegistry.Load(wanted));
                    return s_other;
                }
            }
        }

        private static bool SamePath(string? a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
    }
}
