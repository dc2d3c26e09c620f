using LlmTelemetry.Queries;

namespace LlmTelemetry.Completion
{
    /// <summary>Completes -Agent from the agents in the store.</summary>
    public sealed class AgentCompleter : StoreNameCompleter
    {
        public AgentCompleter() : base(GroupKey.Agent) { }
    }
}
