using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using LlmTelemetry.Configuration;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;

namespace LlmTelemetry.Storage
{
    /// <summary>
    /// The local store: &lt;root&gt;/YYYY-MM-DD/telemetry.jsonl, append-only and safe across threads and processes.
    /// Every front end reads and writes records only through this type.
    /// </summary>
    public sealed class TelemetryStore : ITelemetrySink, IDisposable
    {
        private static readonly JavaScriptEncoder TextEncoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

        private readonly StoreLock _lock;
        private readonly Func<DateTimeOffset> _clock;
        private readonly bool _autoMaintenance;
        private readonly DayIdIndex _ids;
        private readonly HashSet<string> _knownFolders = new HashSet<string>(StringComparer.Ordinal);
        private readonly object _folderGate = new object();

        public TelemetryStore(StoreOptions? options = null)
        {
            options ??= new StoreOptions();
            Settings = TelemetrySettings.Resolve(options);
            Root = Settings.Directory.Value;
            _clock = options.Clock ?? (() => DateTimeOffset.UtcNow);
            _autoMaintenance = options.AutoMaintenance;
            _lock = new StoreLock(Root, Settings.LockTimeout);
            _ids = new DayIdIndex(this);
            Summaries = new SummaryCache(this);
            Maintenance = new StoreMaintenance(this);
        }

        public TelemetrySettings Settings { get; }
        public string Root { get; }
        public SummaryCache Summaries { get; }
        public StoreMaintenance Maintenance { get; }

        /// <summary>Raised with a message when something went wrong that must not fail the caller (e.g. automatic maintenance).</summary>
        public event Action<string>? Warning;

        internal DateTimeOffset Now => _clock();
        internal DateTime TodayUtc => Now.UtcDateTime.Date;

        public TelemetryRecord Record(TelemetryRecord record, string? promptText = null, string? responseText = null)
            => Append(record, promptText, responseText);

        /// <summary>
        /// Validates and appends one record. When text is given its hash is set on the record; the text itself is
        /// stored (prompts.jsonl / responses.jsonl) only when the user opted in. Returns the record as stored.
        /// With storage turned off nothing is written and the record is returned as it would have been stored.
        /// </summary>
        public TelemetryRecord Append(TelemetryRecord record, string? promptText = null, string? responseText = null)
        {
            if (record is null) throw new ArgumentNullException(nameof(record));
            if (promptText is not null) record = record with { PromptHash = RecordIds.Sha256Hash(promptText) };
            if (responseText is not null) record = record with { ResponseHash = RecordIds.Sha256Hash(responseText) };
            if (record.Metadata?.Error is string error && (promptText is not null || responseText is not null))
                record = WithoutEchoes(record, error, promptText, responseText);
            RecordValidator.Validate(record);
            if (!Settings.StorageEnabled.Value) return record;

            var day = new DayPartition(Root, record.UtcDay);
            var line = RecordSerializer.ToLine(record);
            EnsureFolder(day.Folder);
            using (_lock.Acquire())
            {
                JsonlAppender.Append(day.DataPath, line, line.Length);
                if (promptText is not null && Settings.StorePrompts.Value) AppendText(day.PromptsPath, record, promptText);
                if (responseText is not null && Settings.StoreResponses.Value) AppendText(day.ResponsesPath, record, responseText);
                // Under the lock, so the index's fingerprint cannot include another writer's unseen lines.
                _ids.Added(record);
            }
            AfterWrite();
            return record;
        }

        /// <summary>
        /// A provider's error may quote the prompt back; where the user keeps no prompt (or response) text, the error
        /// must not keep it either. Only failed calls with text get here, so the append path pays one null check.
        /// </summary>
        private TelemetryRecord WithoutEchoes(TelemetryRecord record, string error, string? promptText, string? responseText)
        {
            string? hiddenPrompt = Settings.StorePrompts.Value ? null : promptText;
            string? hiddenResponse = Settings.StoreResponses.Value ? null : responseText;
            if (hiddenPrompt is null && hiddenResponse is null) return record;
            string cleaned = Providers.SecretScrubber.RemoveEchoes(error, hiddenPrompt, hiddenResponse);
            return ReferenceEquals(cleaned, error) ? record : record with { Metadata = record.Metadata with { Error = cleaned } };
        }

        /// <summary>
        /// Appends many records (importers): validated first, all or nothing per call, one lock and one write per day.
        /// Returns how many were written.
        /// </summary>
        public int AppendBatch(IEnumerable<TelemetryRecord> records)
        {
            var list = records as IReadOnlyList<TelemetryRecord> ?? records.ToList();
            foreach (var r in list) RecordValidator.Validate(r);
            if (!Settings.StorageEnabled.Value || list.Count == 0) return 0;
            var byDay = list.GroupBy(r => r.UtcDay).OrderBy(g => g.Key).ToList();
            foreach (var group in byDay)
            {
                var day = new DayPartition(Root, group.Key);
                using var buffer = new MemoryStream();
                foreach (var r in group)
                {
                    var line = RecordSerializer.ToLine(r);
                    buffer.Write(line, 0, line.Length);
                }
                EnsureFolder(day.Folder);
                using (_lock.Acquire())
                {
                    JsonlAppender.Append(day.DataPath, buffer.GetBuffer(), (int)buffer.Length);
                    _ids.Added(group);
                }
            }
            AfterWrite();
            return list.Count;
        }

        /// <summary>Is a record with this id already stored on the UTC day of <paramref name="timestamp"/>? Loads that day's ids only.</summary>
        public bool ContainsId(string id, DateTimeOffset timestamp) => _ids.Contains(id, timestamp.UtcDateTime.Date);

        /// <summary>Streams the records that match, oldest first (newest first on request); opens only the day folders the range needs.</summary>
        public IEnumerable<TelemetryRecord> Query(RecordFilter? filter = null, ReadDiagnostics? diagnostics = null, bool newestFirst = false)
        {
            var compiled = (filter ?? RecordFilter.All).Compile();
            var days = Days().Where(d => compiled.Overlaps(d.Day));
            if (newestFirst) days = days.Reverse();
            foreach (var day in days)
            {
                var records = new List<TelemetryRecord>();
                foreach (var r in ReadDay(day, compiled, diagnostics)) records.Add(r);
                // Stable sort: imports and back-dated records may be appended out of time order.
                var ordered = newestFirst
                    ? records.Select((r, i) => (r, i)).OrderByDescending(x => x.r.Timestamp).ThenByDescending(x => x.i).Select(x => x.r)
                    : records.Select((r, i) => (r, i)).OrderBy(x => x.r.Timestamp).ThenBy(x => x.i).Select(x => x.r);
                foreach (var r in ordered) yield return r;
            }
        }

        /// <summary>The day folders of the store, oldest first.</summary>
        public IReadOnlyList<DayPartition> Days() => DayPartition.List(Root);

        /// <summary>Every record of one day that matches, in file order (no sorting); used by queries, summaries and the id index.</summary>
        internal IEnumerable<TelemetryRecord> ReadDay(DayPartition day, CompiledFilter? filter, ReadDiagnostics? diagnostics)
        {
            foreach (var file in day.RecordFiles())
            {
                JsonlLineReader reader;
                try { reader = new JsonlLineReader(file); }
                catch (TelemetryException) when (!File.Exists(file)) { continue; } // removed by maintenance meanwhile
                using (reader)
                {
                    while (reader.TryReadLine(out var line))
                    {
                        if (IsBlank(line)) continue;
                        if (filter is not null && !filter.LineMayMatch(line)) continue;
                        if (!RecordSerializer.TryParse(line, out var record, out var problem))
                        {
                            diagnostics?.Skip(file, reader.LineNumber, problem ?? "unparsable");
                            continue;
                        }
                        if (filter is null || filter.Matches(record!)) yield return record!;
                    }
                    diagnostics?.FileDone(reader.Position);
                }
            }
        }

        internal static bool IsBlank(ReadOnlySpan<byte> line)
        {
            foreach (byte b in line) if (b != (byte)' ' && b != (byte)'\t' && b != (byte)'\r') return false;
            return true;
        }

        /// <summary>Runs <paramref name="action"/> under the store's cross-process lock (maintenance and removal use it).</summary>
        internal T WithLock<T>(Func<T> action)
        {
            using (_lock.Acquire()) return action();
        }

        internal void Forget(DateTime utcDay)
        {
            _ids.Forget(utcDay);
            lock (_folderGate) _knownFolders.Clear();
        }

        internal void RaiseWarning(string message) => Warning?.Invoke(message);

        private void AfterWrite()
        {
            if (!_autoMaintenance) return;
            try
            {
                Maintenance.RunIfDue();
            }
            catch (TelemetryException ex)
            {
                // The record is stored; a failed clean-up must not turn a successful append into an error.
                RaiseWarning("automatic maintenance failed: " + ex.Message);
            }
        }

        private void EnsureFolder(string folder)
        {
            lock (_folderGate)
            {
                if (_knownFolders.Contains(folder)) return;
            }
            FileSystem.EnsureDirectory(Root);
            FileSystem.EnsureDirectory(folder);
            lock (_folderGate) _knownFolders.Add(folder);
        }

        private static void AppendText(string path, TelemetryRecord record, string text)
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = TextEncoder }))
            {
                writer.WriteStartObject();
                writer.WriteString("id", record.Id);
                writer.WriteString("timestamp", UtcTimestampConverter.ToText(record.Timestamp));
                writer.WriteString("text", text);
                writer.WriteEndObject();
            }
            buffer.WriteByte((byte)'\n');
            JsonlAppender.Append(path, buffer.GetBuffer(), (int)buffer.Length);
        }

        public void Dispose()
        {
            // Nothing is held open between appends; kept IDisposable so a later cached handle needs no API change.
        }
    }
}
