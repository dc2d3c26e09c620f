using System;
using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using LlmTelemetry.Configuration;
using LlmTelemetry.Queries;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Completion
{
    /// <summary>Completes -Agent from the agents in the store.</summary>
    public sealed class AgentCompleter : StoreNameCompleter
    {
        public AgentCompleter() : base(GroupKey.Agent) { }
    }
}
