namespace LlmTelemetry.Importers
{
    /// <summary>The kinds of rollout line the import reads; every other "type" is skipped.</summary>
    internal enum CodexLineKind
    {
        Other = 0,
        SessionMeta,
        TurnContext,
        EventMsg,
    }
}
