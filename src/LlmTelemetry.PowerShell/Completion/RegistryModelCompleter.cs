using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using LlmTelemetry.Internal;

namespace LlmTelemetry.Completion
{
    /// <summary>
    /// Completes a model name from the model registry: ids, then aliases (sonnet, haiku). Completion must never fail
    /// the user's typing, so any error offers nothing.
    /// </summary>
    public sealed class RegistryModelCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
            => StoreNameCompleter.Results(Names(wordToComplete ?? "", aliases: true));

        internal static IReadOnlyList<string> Names(string wordToComplete, bool aliases)
        {
            try
            {
                var word = wordToComplete.Trim('\'', '"');
                var models = ModuleRegistry.Current.Registry.Models;
                var ids = models.Select(m => m.Id);
                if (aliases) ids = ids.Concat(models.SelectMany(m => m.Aliases));
                return ids.Where(n => n.StartsWith(word, StringComparison.OrdinalIgnoreCase))
                    .Distinct(StringComparer.OrdinalIgnoreCase)
                    .OrderBy(n => n, StringComparer.OrdinalIgnoreCase)
                    .ToList();
            }
            catch (Exception ex) when (!(ex is OutOfMemoryException))
            {
                return Array.Empty<string>();
            }
        }
    }
}
