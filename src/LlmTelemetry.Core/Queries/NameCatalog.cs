using System;
using System.Collections.Generic;
using System.Linq;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Queries
{
    /// <summary>
    /// The names the store holds for a key (models, agents, projects, …): what tab completion offers. Reads the
    /// recent days' rollups (history days included), not the records, so completing stays fast on a large store.
    /// </summary>
    public static class NameCatalog
    {
        /// <summary>Distinct non-empty values of <paramref name="key"/> starting with <paramref name="prefix"/> (case-insensitive), sorted.</summary>
        public static IReadOnlyList<string> Values(TelemetryStore store, GroupKey key, string? prefix = null, int recentDays = 90, int max = 200)
        {
            if (store is null) throw new ArgumentNullException(nameof(store));
            if (GroupKeys.Dimension(key) is null)
                throw new TelemetryValidationException("key", GroupKeys.Name(key), "has no list of names (time keys and sessions are not completed)");
            var cutoff = store.TodayUtc.AddDays(-recentDays);
            var pattern = new WildcardPattern((prefix ?? "").Trim('\'', '"') + "*");
            var names = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
            var rollups = store.History.Days().Where(d => d >= cutoff).Select(store.History.Read)
                .Concat(store.Days().Where(d => d.Day >= cutoff).Select(store.Summaries.GetDay));
            foreach (var rollup in rollups)
                foreach (var name in rollup.Values(key))
                    if (pattern.IsMatch(name)) names.Add(name);
            return names.Take(max).ToList();
        }
    }
}
