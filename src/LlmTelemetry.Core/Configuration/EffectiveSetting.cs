using System;

namespace LlmTelemetry.Configuration
{
    /// <summary>One effective user-facing setting, untyped, for front ends that list them all (Get-LlmTelemetryConfig).</summary>
    public sealed record EffectiveSetting(string Name, object Value, SettingSource Source, string? Origin, string Variable);
}
