using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Budgets
{
    /// <summary>
    /// Decides which thresholds are newly crossed, once per budget, period and threshold across every process: the
    /// fired ones are kept in budget-alerts.json beside config.json, read and rewritten (atomically) under an OS file
    /// lock, so of four processes that see a budget pass 80% at once exactly one reports it.
    /// </summary>
    /// <remarks>
    /// The key is the budget's name, its period's start, its amount and the threshold: a new period, or a changed
    /// amount, re-arms every threshold. A spend that jumps past several thresholds at once fires each of them (the
    /// hook hears of 50% and 80% both). Entries older than <see cref="KeptFor"/> are dropped when the file is rewritten.
    /// </remarks>
    public static class BudgetAlerts
    {
        public const string StateFileName = "budget-alerts.json";

        /// <summary>Longer than any period, so an entry is only dropped once it can no longer match.</summary>
        internal static readonly TimeSpan KeptFor = TimeSpan.FromDays(62);

        /// <summary>budget-alerts.json in the folder of <paramref name="configFile"/>.</summary>
        public static string StateFileFor(string configFile)
            => Path.Combine(Path.GetDirectoryName(Path.GetFullPath(configFile))!, StateFileName);

        /// <summary>The alerts among <paramref name="statuses"/> that no process has reported yet; they are marked reported before this returns.</summary>
        public static IReadOnlyList<BudgetAlert> Check(IEnumerable<BudgetStatus> statuses, string stateFile, DateTimeOffset now)
        {
            if (statuses is null) throw new ArgumentNullException(nameof(statuses));
            if (stateFile is null) throw new ArgumentNullException(nameof(stateFile));
            var candidates = statuses.SelectMany(s => s.Crossed.Select(t => new BudgetAlert(s, t))).ToList();
            if (candidates.Count == 0) return Array.Empty<BudgetAlert>();
            var full = Path.GetFullPath(stateFile);
            FileSystem.EnsureDirectory(Path.GetDirectoryName(full)!);
            using (StoreLock.OnFile(full + ".lock", TimeSpan.FromSeconds(10)).Acquire())
            {
                var fired = Read(full);
                var fresh = candidates.Where(a => !fired.ContainsKey(Key(a))).ToList();
                if (fresh.Count == 0) return Array.Empty<BudgetAlert>();
                foreach (var a in fresh) fired[Key(a)] = now;
                var cutoff = now - KeptFor;
                Write(full, fired.Where(e => e.Value >= cutoff));
                return fresh;
            }
        }

        internal static string Key(BudgetAlert a)
            => string.Join("|", a.Budget.Name.ToLowerInvariant(), a.Status.PeriodStart.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
                a.Budget.AmountUsd.ToString("R", CultureInfo.InvariantCulture), a.Threshold.ToString(CultureInfo.InvariantCulture));

        /// <summary>{"fired":{"key":"when", …}}; a file that is not that is an error naming it (deleting it re-arms every alert).</summary>
        private static Dictionary<string, DateTimeOffset> Read(string path)
        {
            var fired = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
            if (!File.Exists(path)) return fired;
            byte[] bytes;
            try { bytes = File.ReadAllBytes(path); }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException) { throw TelemetryException.ForIo(TelemetryOperation.Read, path, ex); }
            try
            {
                using var doc = JsonDocument.Parse(bytes);
                if (doc.RootElement.ValueKind != JsonValueKind.Object || !doc.RootElement.TryGetProperty("fired", out var map) || map.ValueKind != JsonValueKind.Object)
                    throw new JsonException("expected {\"fired\":{…}}");
                foreach (var p in map.EnumerateObject())
                    fired[p.Name] = p.Value.ValueKind == JsonValueKind.String && p.Value.TryGetDateTimeOffset(out var at) ? at : throw new JsonException($"'{p.Name}' has no time");
            }
            catch (JsonException ex)
            {
                throw new TelemetryException(TelemetryErrorCode.ConfigurationError,
                    $"{path} is not a budget alert state ({ex.Message}); delete it to re-arm the budget alerts", path, TelemetryOperation.Read, ex);
            }
            return fired;
        }

        private static void Write(string path, IEnumerable<KeyValuePair<string, DateTimeOffset>> fired)
        {
            using var buffer = new MemoryStream();
            using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
            {
                w.WriteStartObject();
                w.WriteStartObject("fired");
                foreach (var e in fired.OrderBy(e => e.Key, StringComparer.Ordinal))
                    w.WriteString(e.Key, e.Value.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture));
                w.WriteEndObject();
                w.WriteEndObject();
            }
            OutputFile.WriteText(path, Encoding.UTF8.GetString(buffer.ToArray()), OutputPolicy.Owned, durable: true);
        }
    }
}
