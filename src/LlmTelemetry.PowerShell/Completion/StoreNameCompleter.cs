using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using LlmTelemetry.Configuration;
using LlmTelemetry.Queries;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Completion
{
    /// <summary>
    /// Completes a name parameter from the names in the store (the -Path given on the command line, else the
    /// configured store). Completion must never fail the user's typing, so any error offers nothing.
    /// </summary>
    public abstract class StoreNameCompleter : IArgumentCompleter
    {
        private readonly GroupKey _key;

        private protected StoreNameCompleter(GroupKey key) => _key = key;

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                // Export-LlmTelemetry's -Path is its output file; its store is -StorePath.
                string? root = (fakeBoundParameters?["StorePath"] ?? (commandName.StartsWith("Export", StringComparison.OrdinalIgnoreCase) ? null : fakeBoundParameters?["Path"])) as string;
                var store = new TelemetryStore(new StoreOptions { Root = string.IsNullOrEmpty(root) ? null : root, AutoMaintenance = false });
                return NameCatalog.Values(store, _key, wordToComplete)
                    .Select(name => new CompletionResult(Quote(name), name, CompletionResultType.ParameterValue, name))
                    .ToList();
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                return Array.Empty<CompletionResult>();
            }
        }

        private static string Quote(string name)
            => name.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', ',', ';', '(', ')', '{', '}', '@', '#', '&', '|' }) < 0
                ? name
                : "'" + name.Replace("'", "''") + "'";
    }

    /// <summary>Completes -Model from the models in the store.</summary>
    public sealed class ModelCompleter : StoreNameCompleter
    {
        public ModelCompleter() : base(GroupKey.Model) { }
    }

    /// <summary>Completes -Agent from the agents in the store.</summary>
    public sealed class AgentCompleter : StoreNameCompleter
    {
        public AgentCompleter() : base(GroupKey.Agent) { }
    }

    /// <summary>Completes -Project from the projects in the store.</summary>
    public sealed class ProjectCompleter : StoreNameCompleter
    {
        public ProjectCompleter() : base(GroupKey.Project) { }
    }
}
