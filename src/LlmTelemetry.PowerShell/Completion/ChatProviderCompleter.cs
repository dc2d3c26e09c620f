using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using LlmTelemetry.Providers;

namespace LlmTelemetry.Completion
{
    /// <summary>
    /// Completes Invoke-LlmChat -Provider from the names the core parses; -Provider is a string (not the enum) so that
    /// "openai-compatible" is read by the same rule as the CLI's --provider.
    /// </summary>
    public sealed class ChatProviderCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var word = (wordToComplete ?? "").Trim('\'', '"');
            return StoreNameCompleter.Results(ChatArguments.ProviderNames.Where(n => n.StartsWith(word, StringComparison.OrdinalIgnoreCase)).ToList());
        }
    }
}
