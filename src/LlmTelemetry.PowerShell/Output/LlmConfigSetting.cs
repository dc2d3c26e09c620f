using System;
using LlmTelemetry.Configuration;
using LlmTelemetry.Storage;

namespace LlmTelemetry
{
    /// <summary>One effective setting and where it came from (Get-LlmTelemetryConfig).</summary>
    public sealed class LlmConfigSetting
    {
        internal LlmConfigSetting(EffectiveSetting s)
        {
            Name = s.Name;
            Value = s.Value;
            Source = s.Source.ToString();
            Origin = s.Origin;
            Variable = s.Variable;
        }

        public string Name { get; }
        public object Value { get; }

        /// <summary>Default, ConfigFile, Environment or Parameter.</summary>
        public string Source { get; }

        /// <summary>The environment variable or config file the value came from; empty for defaults.</summary>
        public string? Origin { get; }

        /// <summary>The environment variable that overrides the config file for this setting.</summary>
        public string Variable { get; }

        public override string ToString() => Name + "=" + Value;
    }
}
