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
            var names = new List<string>();
            try
            {
                // Export- and Show-LlmTelemetry's -Path is their output file; their store is -StorePath.
                bool pathIsOutput = commandName.StartsWith("Export", StringComparison.OrdinalIgnoreCase) || commandName.StartsWith("Show", StringComparison.OrdinalIgnoreCase);
                string? root = (fakeBoundParameters?["StorePath"] ?? (pathIsOutput ? null : fakeBoundParameters?["Path"])) as string;
                var store = new TelemetryStore(new StoreOptions { Root = string.IsNullOrEmpty(root) ? null : root, AutoMaintenance = false });
                names.AddRange(NameCatalog.Values(store, _key, wordToComplete));
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                // No store (or an unreadable one): other sources of names may still offer something.
            }
            names.AddRange(MoreNames(wordToComplete ?? "").Where(n => !names.Contains(n, StringComparer.OrdinalIgnoreCase)));
            return Results(names);
        }

        /// <summary>Names offered after the store's (the registry's model ids for -Model).</summary>
        private protected virtual IEnumerable<string> MoreNames(string wordToComplete) => Array.Empty<string>();

        internal static List<CompletionResult> Results(IEnumerable<string> names)
            => names.Select(name => new CompletionResult(Quote(name), name, CompletionResultType.ParameterValue, name)).ToList();

        private static string Quote(string name)
            => name.IndexOfAny(new[] { ' ', '\'', '"', '$', '`', ',', ';', '(', ')', '{', '}', '@', '#', '&', '|' }) < 0
                ? name
                : "'" + name.Replace("'", "''") + "'";
    }
}
