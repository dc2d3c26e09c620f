namespace LlmTelemetry.Configuration
{
    /// <summary>Where an effective setting came from, in precedence order (later wins).</summary>
    public enum SettingSource
    {
        Default,
        ConfigFile,
        Environment,
        Parameter,
    }
}
