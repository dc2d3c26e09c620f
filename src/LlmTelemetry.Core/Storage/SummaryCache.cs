using System;
using System.Buffers;
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
    /// <remarks>
    /// A summary file is believed only when it is sealed: it starts with <c>{"check":"&lt;hash&gt;",</c> and the hash
    /// is that of the rest of the file. An edited summary (its totals changed, its fingerprint kept) fails the check
    /// and is rebuilt from the records, so costs and report never answer from numbers the records do not hold.
    /// </remarks>
    internal sealed class SummaryCache
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
            DaySummary? summary = closed ? TryReadDay(day, fingerprint) : null;
            if (summary is null)
            {
                var diagnostics = new ReadDiagnostics();
                try
                {
                    summary = DaySummary.Build(day.Day, _store.ReadDay(day, null, diagnostics, cancellation), fingerprint);
                    // Read only now: the records are streamed inside Build, so the count is not known before it runs.
                    summary.SkippedLines = diagnostics.SkippedLines;
                }
                catch (TotalOverflowException ex)
                {
                    throw ex.In("the day " + DayPartition.Name(day.Day) + " (UTC)");
                }
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
                try
                {
                    root.AllTime.Merge(s.Totals);
                    double age = (today - d.Day).TotalDays;
                    if (age < 30 && age >= 0) root.Last30Days.Merge(s.Totals);
                    if (age < 7 && age >= 0) root.Last7Days.Merge(s.Totals);
                    if (age == 0) root.Today.Merge(s.Totals);
                }
                catch (TotalOverflowException ex)
                {
                    throw ex.In("the store's rolling totals");
                }
                root.SkippedLines += s.SkippedLines;
            }
            if (Directory.Exists(_store.Root))
                FileSystem.WriteAllTextAtomic(path, Seal(JsonSerializer.Serialize(root, SummaryJsonContext.Default.RootSummary)));
            return root;
        }

        internal void Forget(DateTime day)
        {
            lock (_gate) _warm.Remove(day);
        }

        private DaySummary? TryReadDay(DayPartition day, string fingerprint)
        {
            var summary = TryRead(day.SummaryPath, SummaryJsonContext.Default.DaySummary);
            return summary is not null && summary.Version == DaySummary.CurrentVersion && summary.Source == fingerprint ? summary : null;
        }

        private void WriteDay(DayPartition day, DaySummary summary)
        {
            try
            {
                FileSystem.WriteAllTextAtomic(day.SummaryPath, Seal(JsonSerializer.Serialize(summary, SummaryJsonContext.Default.DaySummary)));
            }
            catch (TelemetryException ex)
            {
                // The summary is only a cache; the answer was computed from the JSONL either way.
                _store.RaiseWarning("could not write summary cache: " + ex.Message);
            }
        }

        private const string SealPrefix = "{\"check\":\"";
        private const int SealHashLength = 24;

        /// <summary>The serialized summary with its seal in front: {"check":"&lt;hash of the rest&gt;", then the rest.</summary>
        internal static string Seal(string json)
        {
            string rest = json.Substring(1);
            return SealPrefix + Hash(rest) + "\"," + rest;
        }

        /// <summary>True when the first <paramref name="length"/> bytes start with a seal whose hash is that of the rest.</summary>
        internal static bool IsSealed(byte[] bytes, int length)
        {
            int restAt = SealPrefix.Length + SealHashLength + 2;
            if (length <= restAt) return false;
            for (int i = 0; i < SealPrefix.Length; i++) if (bytes[i] != (byte)SealPrefix[i]) return false;
            if (bytes[restAt - 2] != (byte)'"' || bytes[restAt - 1] != (byte)',') return false;
            string expected = Hash(bytes, restAt, length - restAt);
            for (int i = 0; i < SealHashLength; i++) if (bytes[SealPrefix.Length + i] != (byte)expected[i]) return false;
            return true;
        }

        private T? TryRead<T>(string path, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) where T : class
        {
            if (!File.Exists(path)) return null;
            byte[]? buffer = null;
            try
            {
                int length;
                using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan))
                {
                    // Day summaries run to hundreds of KB: a pooled buffer keeps 180 of them per query off the large-object heap.
                    if (stream.Length > int.MaxValue / 2) return null;
                    buffer = ArrayPool<byte>.Shared.Rent((int)stream.Length + 1);
                    length = 0;
                    int n;
                    while ((n = stream.Read(buffer, length, buffer.Length - length)) > 0)
                    {
                        length += n;
                        if (length == buffer.Length) return null; // grew while being read: a writer is replacing it, rebuild
                    }
                }
                if (!IsSealed(buffer, length))
                {
                    // Summaries of older versions carry no seal and are simply rebuilt; a sealed-looking file whose
                    // hash does not match was edited by hand, which is worth saying.
                    if (length > SealPrefix.Length && Encoding.UTF8.GetString(buffer, 0, SealPrefix.Length) == SealPrefix)
                        _store.RaiseWarning($"{path} does not match its checksum (edited?); it is ignored and rebuilt from the records");
                    return null;
                }
                return JsonSerializer.Deserialize(new ReadOnlySpan<byte>(buffer, 0, length), type);
            }
            catch (Exception ex) when (ex is JsonException || ex is IOException || ex is UnauthorizedAccessException || ex is NotSupportedException)
            {
                // A damaged or unreadable cache is rebuilt from the source of truth.
                return null;
            }
            finally
            {
                if (buffer is not null) ArrayPool<byte>.Shared.Return(buffer);
            }
        }

        private static string Hash(string text)
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            return Hash(bytes, 0, bytes.Length);
        }

        private static string Hash(byte[] bytes, int offset, int count)
        {
            using var sha = SHA256.Create();
            var hash = sha.ComputeHash(bytes, offset, count);
            return BitConverter.ToString(hash, 0, SealHashLength / 2).Replace("-", "").ToLowerInvariant();
        }
    }
}
