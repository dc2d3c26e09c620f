using System.Collections.Generic;
using LlmTelemetry.Queries;

namespace LlmTelemetry.Completion
{
    /// <summary>Completes -Model from the models in the store, then the model ids of the registry.</summary>
    public sealed class ModelCompleter : StoreNameCompleter
    {
        public ModelCompleter() : base(GroupKey.Model) { }

        private protected override IEnumerable<string> MoreNames(string wordToComplete) => RegistryModelCompleter.Names(wordToComplete, aliases: false);
    }
}
