namespace LlmTelemetry.Budgets
{
    /// <summary>Which records a budget counts: all of them, or those of one project, agent, model, provider or source.</summary>
    public enum BudgetScopeKind
    {
        All,
        Project,
        Agent,
        Model,
        Provider,

        /// <summary>metadata.source: the tool that recorded or imported the call (claude-code, codex, gemini, cli, Invoke-LlmChat).</summary>
        Source,
    }
}
