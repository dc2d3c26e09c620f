using System;
using System.Collections;
using System.Management.Automation;
using System.Management.Automation.Language;
using LlmTelemetry.Configuration;
using LlmTelemetry.Queries;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Completion
{
    /// <summary>Completes -Project from the projects in the store.</summary>
    public sealed class ProjectCompleter : StoreNameCompleter
    {
        public ProjectCompleter() : base(GroupKey.Project) { }
    }
}
