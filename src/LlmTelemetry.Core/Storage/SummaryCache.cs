using System;
using System.Collections.Generic;
using System.IO;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Threading;
using LlmTelemetry.Records;

namespace LlmTelemetry.Storage
{
    /// <summary>
    /// Day and root summaries: read from summary.json when its fingerprint matches the JSONL, rebuilt (and rewritten)
    /// when not. Today's summary is built in memory only, since today is still being written. Deleting every
    /// summary file changes no answer; it only makes the next query slower.
    /// </summary>
    public sealed class SummaryCache
    {
        private readonly TelemetryStore _store;
        private readonly Dictionary<DateTime, DaySummary> _warm = new Dictionary<DateTime, DaySummary>();
        private readonly object _gate = new object();

        internal SummaryCache(TelemetryStore store) => _store = store;

        /// <summary>The summary of one UTC day, current with its files.</summary>
        public DaySummary GetDay(DayPartition day) => GetDay(day, CancellationToken.None);

        /// <summary>As <see cref="GetDay(DayPartition)"/>; a rebuild stops when <paramref name="cancellation"/> is cancelled, and writes nothing.</summary>
        internal DaySummary GetDay(DayPartition day, CancellationToken cancellation)
        {
            string fingerprint = day.Fingerprint();
            lock (_gate)
            {
                if (_warm.TryGetValue(day.Day, out var cached) && cached.Source == fingerprint) return cached;
            }
            bool closed = day.Day < _store.TodayUtc;
            DaySummary? summary = closed ? TryReadDay(day.SummaryPath, fingerprint) : null;
            if (summary is null)
            {
                var diagnostics = new ReadDiagnostics();
                summary = DaySummary.Build(day.Day, _store.ReadDay(day, null, diagnostics, cancellation), fingerprint);
                // Known only now: the read above is lazy and ran inside Build.
                summary.SkippedLines = diagnostics.SkippedLines;
                if (closed && fingerprint.Length > 0) WriteDay(day, summary);
            }
            lock (_gate) _warm[day.Day] = summary;
            return summary;
        }

        /// <summary>Rolling totals for the store, current with every day's files.</summary>
        public RootSummary GetRoot()
        {
            var days = _store.Days();
            var today = _store.TodayUtc;
            var sourceText = new StringBuilder(DayPartition.Name(today));
            foreach (var d in days) sourceText.Append(';').Append(DayPartition.Name(d.Day)).Append('=').Append(d.Fingerprint());
            string source = Hash(sourceText.ToString());
            string path = Path.Combine(_store.Root, DayPartition.SummaryFile);

            var existing = TryRead(path, SummaryJsonContext.Default.RootSummary);
            if (existing is not null && existing.Version == RootSummary.CurrentVersion && existing.Source == source) return existing;

            var root = new RootSummary { AsOfDay = DayPartition.Name(today), Source = source, Days = days.Count };
            foreach (var d in days)
            {
                var s = GetDay(d);
                root.AllTime.Merge(s.Totals);
                root.SkippedLines += s.SkippedLines;
                double age = (today - d.Day).TotalDays;
                if (age < 30 && age >= 0) root.Last30Days.Merge(s.Totals);
                if (age < 7 && age >= 0) root.Last7Days.Merge(s.Totals);
                if (age == 0) root.Today.Merge(s.Totals);
            }
            if (Directory.Exists(_store.Root))
                FileSystem.WriteAllTextAtomic(path, JsonSerializer.Serialize(root, SummaryJsonContext.Default.RootSummary));
            return root;
        }

        internal void Forget(DateTime day)
        {
            lock (_gate) _warm.Remove(day);
        }

        private static DaySummary? TryReadDay(string path, string fingerprint)
        {
            var summary = TryRead(path, SummaryJsonContext.Default.DaySummary);
            return summary is not null && summary.Version == DaySummary.CurrentVersion && summary.Source == fingerprint ? summary : null;
        }

        private void WriteDay(DayPartition day, DaySummary summary)
        {
            try
            {
                FileSystem.WriteAllTextAtomic(day.SummaryPath, JsonSerializer.Serialize(summary, SummaryJsonContext.Default.DaySummary));
            }
            catch (TelemetryException ex)
            {
                // The summary is only a cache; the answer was computed from the JSONL either way.
                _store.RaiseWarning("could not write summary cache: " + ex.Message);
            }
        }

        private static T? TryRead<T>(string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) where T : class
        {
            if (!File.Exists(path)) return null;
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                return JsonSerializer.Deserialize(stream, type);
            }
            catch (Exception ex) when (ex is JsonException || ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException)
            {
                // A damaged or unreadable cache is rebuilt from the source of truth.
                return null;
            }
        }

        private static string Hash(string text)
        {
            using var sha = SHA256.Create();
            var bytes = sha.ComputeHash(Encoding.UTF8.GetBytes(text));
            return BitConverter.ToString(bytes, 0, 12).Replace("-", "").ToLowerInvariant();
        }
    }
}
