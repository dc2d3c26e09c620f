using LlmTelemetry.Queries;

namespace LlmTelemetry.Completion
{
    /// <summary>Completes -Project from the projects in the store.</summary>
    public sealed class ProjectCompleter : StoreNameCompleter
    {
        public ProjectCompleter() : base(GroupKey.Project) { }
    }
}
