namespace LlmTelemetry.Configuration
{
    /// <summary>One effective setting, with where it came from (an environment variable name or a file path).</summary>
    public sealed record Setting<T>(string Name, T Value, SettingSource Source, string? Origin)
    {
        public override string ToString() => $"{Name}={Value} ({Source}{(Origin is null ? "" : ": " + Origin)})";
    }
}
