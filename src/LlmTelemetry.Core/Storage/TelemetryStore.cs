using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Threading;
using LlmTelemetry.Configuration;
using LlmTelemetry.Importers;
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

        /// <summary>How many lines a read goes between looks at its cancellation token.</summary>
        internal const int CancellationCheckLines = 1024;

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
            History = new HistoryStore(this);
            Maintenance = new StoreMaintenance(this);
            AutoPush = Exporters.Prometheus.PushgatewayAutoPush.For(this);
        }

        public TelemetrySettings Settings { get; }
        public string Root { get; }
        internal SummaryCache Summaries { get; }

        /// <summary>The history tier: the rollups of days whose raw records are gone.</summary>
        internal HistoryStore History { get; }
        public StoreMaintenance Maintenance { get; }

        /// <summary>The push of the totals after each recorded call that LLM_PUSHGATEWAY_URL asks for; null when it is not set.</summary>
        internal Exporters.Prometheus.PushgatewayAutoPush? AutoPush { get; }

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

            if (GoesToHistory(record.UtcDay))
            {
                // A day whose raw records are gone keeps its rollup: the call is added to it (no prompt or response
                // text is kept there), unless the day already holds its id.
                AppendToHistory(record.UtcDay, new[] { record });
                AfterWrite();
                AfterCall(record);
                return record;
            }
            var day = new DayPartition(Root, record.UtcDay);
            var line = RecordSerializer.ToLine(record);
            EnsureFolder(day.Folder);
            using (_lock.Acquire())
            {
                long start = JsonlAppender.Append(day.DataPath, line, line.Length);
                // Under the lock, so the offsets are this append's alone.
                _ids.Written(record.UtcDay, start, start + line.Length, record);
                if (promptText is not null && Settings.StorePrompts.Value) AppendText(day.PromptsPath, record, promptText);
                if (responseText is not null && Settings.StoreResponses.Value) AppendText(day.ResponsesPath, record, responseText);
            }
            AfterWrite();
            AfterCall(record);
            return record;
        }

        /// <summary>
        /// After one recorded call (Write-LlmTelemetry, Invoke-LlmChat, the CLI's record and chat all append through
        /// here): the Pushgateway push, bounded, its failures warnings. Imports push once per run instead
        /// (<see cref="Importers.TelemetryImporter"/>), and events other than calls change no counter.
        /// </summary>
        private void AfterCall(TelemetryRecord record)
        {
            if (record.IsLlmCall) AutoPush?.Push();
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
        /// Appends many records (importers): validated first, one lock and one write per day. A record whose id the
        /// day does not hold is added. One whose id it holds (written by another process since the caller checked, or
        /// earlier in the same list) is a correction when its token total is larger, appended to the day's
        /// corrections (<see cref="DayPartition.CorrectionsPath"/>), and otherwise skipped. The check and the write
        /// happen under the one cross-process lock, so two imports of the same logs at once still store each call
        /// once. Returns how many were written (added and corrected); the rest were duplicates.
        /// </summary>
        public int AppendBatch(IEnumerable<TelemetryRecord> records)
        {
            var written = Write(records as IReadOnlyList<TelemetryRecord> ?? records.ToList());
            return written.Added + written.Corrected;
        }

        /// <summary>As <see cref="AppendBatch"/>, saying which records were added and which corrected.</summary>
        internal BatchWrite Write(IReadOnlyList<TelemetryRecord> list)
        {
            foreach (var r in list) RecordValidator.Validate(r);
            if (!Settings.StorageEnabled.Value || list.Count == 0) return default;
            var byDay = list.GroupBy(r => r.UtcDay).OrderBy(g => g.Key).ToList();
            int added = 0, corrected = 0;
            var fresh = new List<int>();
            var corrections = new List<int>();
            foreach (var group in byDay)
            {
                if (GoesToHistory(group.Key))
                {
                    // A rollup holds sums, not the records they came from, so it cannot take a correction: a larger
                    // version of a call already in a history day counts as a duplicate.
                    added += AppendToHistory(group.Key, group.ToList());
                    continue;
                }
                var day = new DayPartition(Root, group.Key);
                var sameDay = group.ToList();
                // Only a day before with a folder can hold a call begun there (checked again under the lock).
                if (sameDay.Exists(StartsItsDay) && Directory.Exists(new DayPartition(Root, group.Key.AddDays(-1)).Folder))
                {
                    using (_lock.Acquire()) corrected += CarryToDayBefore(group.Key, sameDay);
                    if (sameDay.Count == 0) continue;
                }
                // Serialised before the lock is taken, so the lock is held only for the check and the write.
                var ends = new int[sameDay.Count];
                using var buffer = Serialize(sameDay, ends);
                EnsureFolder(day.Folder);
                using (_lock.Acquire())
                {
                    fresh.Clear();
                    corrections.Clear();
                    _ids.Claim(group.Key, sameDay, fresh, corrections);
                    try
                    {
                        if (fresh.Count > 0)
                        {
                            byte[] bytes = buffer.GetBuffer();
                            int length = (int)buffer.Length;
                            if (fresh.Count < sameDay.Count) bytes = Select(bytes, ends, fresh, out length);
                            long start = JsonlAppender.Append(day.DataPath, bytes, length);
                            _ids.Written(group.Key, start, start + length);
                        }
                        if (corrections.Count > 0)
                        {
                            byte[] bytes = Select(buffer.GetBuffer(), ends, corrections, out int length);
                            JsonlAppender.Append(day.CorrectionsPath, bytes, length);
                            _ids.CorrectionsWritten(group.Key);
                        }
                    }
                    catch
                    {
                        _ids.Forget(group.Key); // it counted the claimed ids as stored
                        throw;
                    }
                    added += fresh.Count;
                    corrected += corrections.Count;
                }
            }
            AfterWrite();
            return new BatchWrite(added, corrected);
        }

        /// <summary>
        /// How long after midnight UTC a call may still be the same call as one stored on the day before: Claude Code
        /// writes a streamed response's lines over seconds to minutes, and a live import may have stored an early line
        /// just before midnight. An hour is far longer than any response streams.
        /// </summary>
        private static readonly TimeSpan CarryWindow = TimeSpan.FromHours(1);

        private static bool StartsItsDay(TelemetryRecord r) => r.Timestamp.UtcDateTime.TimeOfDay < CarryWindow;

        /// <summary>
        /// Under the store lock: takes out of <paramref name="sameDay"/> the records of its first hour whose id the day
        /// before holds (a call whose lines spanned midnight, stored from an early line), and writes those with a
        /// larger token total as corrections of that day, at the stored version's time so that every reader finds the
        /// call on the day it is stored on. The others are duplicates. Returns how many it wrote.
        /// </summary>
        private int CarryToDayBefore(DateTime utcDay, List<TelemetryRecord> sameDay)
        {
            var before = utcDay.AddDays(-1);
            // A history day holds sums, not records (see Write); one without a folder holds nothing.
            if (History.Has(before) || !Directory.Exists(new DayPartition(Root, before).Folder)) return 0;
            var carried = _ids.ClaimForDay(before, sameDay, StartsItsDay);
            if (carried.Count == 0) return 0;
            using var buffer = Serialize(carried, null);
            try
            {
                JsonlAppender.Append(new DayPartition(Root, before).CorrectionsPath, buffer.GetBuffer(), (int)buffer.Length);
                _ids.CorrectionsWritten(before);
            }
            catch
            {
                _ids.Forget(before); // it counted the claimed totals as stored
                throw;
            }
            return carried.Count;
        }

        /// <summary>The records as JSON lines in one buffer; line i ends at <paramref name="ends"/>[i] when given.</summary>
        private static MemoryStream Serialize(IReadOnlyList<TelemetryRecord> records, int[]? ends)
        {
            var buffer = new MemoryStream();
            for (int i = 0; i < records.Count; i++)
            {
                var line = RecordSerializer.ToLine(records[i]);
                buffer.Write(line, 0, line.Length);
                if (ends is not null) ends[i] = (int)buffer.Length;
            }
            return buffer;
        }

        /// <summary>The lines at positions <paramref name="keep"/> of a buffer whose line i ends at ends[i].</summary>
        private static byte[] Select(byte[] lines, int[] ends, List<int> keep, out int length)
        {
            using var selected = new MemoryStream();
            foreach (int i in keep)
            {
                int start = i == 0 ? 0 : ends[i - 1];
                selected.Write(lines, start, ends[i] - start);
            }
            length = (int)selected.Length;
            return selected.GetBuffer();
        }

        /// <summary>
        /// The prompt and response texts kept for <paramref name="records"/> (only where LLM_STORE_PROMPTS or
        /// LLM_STORE_RESPONSES was on when they were recorded), by record id; records without any are absent.
        /// For a front end that shows them on an explicit request only.
        /// </summary>
        public IReadOnlyDictionary<string, StoredText> TextsOf(IEnumerable<TelemetryRecord> records)
            => StoredTexts.Read(Root, records ?? throw new ArgumentNullException(nameof(records)));

        /// <summary>Is a record with this id already stored on the UTC day of <paramref name="timestamp"/>? Loads that day's ids only.</summary>
        public bool ContainsId(string id, DateTimeOffset timestamp)
        {
            var day = timestamp.UtcDateTime.Date;
            return History.Has(day) ? History.Read(day).ContainsId(id) : _ids.Contains(id, day);
        }

        /// <summary>
        /// Does a record of this UTC day belong in the history tier? When the day has a rollup there (its raw records
        /// were removed), and when it is past the raw retention and has no raw folder: importing last quarter's logs
        /// then adds to last quarter's history instead of raw days that retention would delete at once. Today is
        /// always raw; maintenance never moves it.
        /// </summary>
        internal bool GoesToHistory(DateTime utcDay)
        {
            var today = TodayUtc;
            if (utcDay >= today) return false;
            if (History.Has(utcDay)) return true;
            return (today - utcDay).TotalDays >= Settings.RetentionDays.Value && !Directory.Exists(new DayPartition(Root, utcDay).Folder);
        }

        /// <summary>Adds records to a day's rollup under the store lock, each id once; returns how many were new.</summary>
        private int AppendToHistory(DateTime utcDay, IReadOnlyList<TelemetryRecord> records)
        {
            EnsureFolder(History.Folder);
            using (_lock.Acquire())
            {
                // Read again under the lock: another process may have added to it since.
                var rollup = History.Has(utcDay) ? History.Read(utcDay) : DayRollup.Build(utcDay, Array.Empty<TelemetryRecord>(), "");
                int added = 0;
                try
                {
                    foreach (var r in records)
                        if (rollup.TryAdd(r)) added++;
                    if (added == 0) return 0;
                    rollup.SortCells();
                    History.Write(rollup);
                }
                catch
                {
                    History.Forget(utcDay); // the cached copy holds what was not written
                    throw;
                }
                return added;
            }
        }

        /// <summary>
        /// Streams the records that match <paramref name="query"/> (default: all), oldest first or newest first as it
        /// asks, after its Skip and up to its Limit; opens only the day folders the range needs.
        /// </summary>
        /// <remarks>
        /// A cancelled <see cref="RecordQuery.Cancellation"/> ends the enumeration with an OperationCanceledException
        /// within a thousand lines, even while no line matches (a front end's Ctrl+C).
        /// </remarks>
        public IEnumerable<TelemetryRecord> Query(RecordQuery? query = null, ReadDiagnostics? diagnostics = null)
            => Query(query ?? RecordQuery.All, diagnostics, null);

        /// <summary>As the public Query; <paramref name="progress"/> hears of each day folder once it is read.</summary>
        internal IEnumerable<TelemetryRecord> Query(RecordQuery query, ReadDiagnostics? diagnostics, ScanReporter? progress)
        {
            var records = Read(query, diagnostics, progress);
            if (query.Skip > 0) records = records.Skip(query.Skip);
            // Take stops the enumeration at the limit, so no day beyond the last record returned is opened.
            return query.Limit is int limit ? records.Take(limit) : records;
        }

        private IEnumerable<TelemetryRecord> Read(RecordQuery query, ReadDiagnostics? diagnostics, ScanReporter? progress)
        {
            var compiled = query.Compile();
            var days = DaysOverlapping(compiled);
            bool newestFirst = query.NewestFirst;
            if (newestFirst) days.Reverse();
            foreach (var day in days)
            {
                var records = new List<TelemetryRecord>();
                foreach (var r in ReadDay(day, compiled, diagnostics, query.Cancellation)) records.Add(r);
                progress?.DayRead(day.Day);
                // Stable sort: imports and back-dated records may be appended out of time order.
                var ordered = newestFirst
                    ? records.Select((r, i) => (r, i)).OrderByDescending(x => x.r.Timestamp).ThenByDescending(x => x.i).Select(x => x.r)
                    : records.Select((r, i) => (r, i)).OrderBy(x => x.r.Timestamp).ThenBy(x => x.i).Select(x => x.r);
                foreach (var r in ordered) yield return r;
            }
        }

        /// <summary>The day folders a filter's time range may have records in, oldest first.</summary>
        internal List<DayPartition> DaysOverlapping(CompiledFilter filter) => Days().Where(d => filter.Overlaps(d.Day)).ToList();

        /// <summary>
        /// The day folders that hold the store's raw records, oldest first. A folder left beside a day's history
        /// rollup (maintenance stopped between writing the rollup and deleting the folder) is not one: that day is
        /// answered from its rollup, and the folder goes at the next maintenance.
        /// </summary>
        public IReadOnlyList<DayPartition> Days()
        {
            var folders = DayPartition.List(Root);
            var history = History.Days();
            if (history.Count == 0) return folders;
            var archived = new HashSet<DateTime>(history);
            return folders.Where(d => !archived.Contains(d.Day)).ToList();
        }

        /// <summary>No raw records and no history: nothing any report could count (front ends then print a first-steps hint).</summary>
        public bool IsEmpty() => DayPartition.List(Root).Count == 0 && History.Days().Count == 0;

        /// <summary>Every day folder, leftovers beside a history rollup included (for maintenance).</summary>
        internal IReadOnlyList<DayPartition> AllDayFolders() => DayPartition.List(Root);

        /// <summary>
        /// Every record of one day that matches, in file order (no sorting); used by queries, summaries and reports.
        /// A record is a line that parses; an id counts once per day: the first line holding it is the record, unless
        /// the day's corrections hold a larger version, which is read in its place (<see cref="DayCorrections"/>);
        /// later copies (a line written twice, a correction replayed) are dropped and counted in
        /// <see cref="ReadDiagnostics.DuplicateLines"/>. Reads the day's files as one consistent set even while
        /// maintenance in another process compacts them (see <see cref="DayPartition.OpenRecordFiles"/>).
        /// <paramref name="cancellation"/> is checked before each file and every <see cref="CancellationCheckLines"/>
        /// lines, matching or not: often enough to stop within milliseconds, rarely enough to cost nothing per line.
        /// </summary>
        internal IEnumerable<TelemetryRecord> ReadDay(DayPartition day, CompiledFilter? filter, ReadDiagnostics? diagnostics,
            CancellationToken cancellation = default)
            => filter?.Search is null ? ScanDay(day, filter, diagnostics, null, cancellation) : SearchDay(day, filter, diagnostics, cancellation);

        /// <summary>
        /// A text search reads only the lines that contain the text. Which copy of an id is the record needs every line
        /// though: when a line that does not contain the text holds the id of one that does (copies that differ, or a
        /// torn line), the day is read again parsing every line, so the answer is the unfiltered read's, filtered.
        /// </summary>
        private List<TelemetryRecord> SearchDay(DayPartition day, CompiledFilter filter, ReadDiagnostics? diagnostics, CancellationToken cancellation)
        {
            var unparsed = new IdSet();
            var first = new ReadDiagnostics(diagnostics?.CollectDetails ?? false, diagnostics?.MaxDetails ?? 0);
            var found = ScanDay(day, filter, first, unparsed, cancellation).ToList();
            if (unparsed.Count > 0 && found.Exists(r => unparsed.Contains(r.Id)))
                return ScanDay(day, filter, diagnostics, null, cancellation, parseAll: true).ToList();
            diagnostics?.Add(first);
            return found;
        }

        /// <param name="unparsed">With a text search: collects the ids of the lines skipped for not containing the text.</param>
        /// <param name="parseAll">With a text search: parse every line, and apply the search after the duplicate check.</param>
        private IEnumerable<TelemetryRecord> ScanDay(DayPartition day, CompiledFilter? filter, ReadDiagnostics? diagnostics, IdSet? unparsed,
            CancellationToken cancellation, bool parseAll = false)
        {
            cancellation.ThrowIfCancellationRequested();
            int untilCheck = CancellationCheckLines;
            bool search = filter?.Search is not null;
            var corrections = DayCorrections.Read(day, filter, diagnostics);
            // A line without the text may hold the id a correction with the text replaces: read every line then.
            if (search && corrections is not null) parseAll = true;
            var seen = RentIdSet();
            var readers = day.OpenRecordFiles();
            try
            {
                foreach (var reader in readers)
                {
                    cancellation.ThrowIfCancellationRequested();
                    while (reader.TryReadLine(out var line))
                    {
                        if (--untilCheck == 0)
                        {
                            untilCheck = CancellationCheckLines;
                            cancellation.ThrowIfCancellationRequested();
                        }
                        if (IsBlank(line)) continue;
                        if (search && !parseAll && !filter!.LineMayMatch(line))
                        {
                            // Only an id not seen yet can make this line the first copy of a record found later.
                            if (DayIdIndex.TryReadId(line, out var id) && !seen.Contains(id!)) unparsed!.Add(id!);
                            continue;
                        }
                        if (!RecordSerializer.TryParse(line, out var record, out var problem))
                        {
                            // Unreadable lines count when the search could have matched them, as without parseAll.
                            if (!parseAll || filter!.LineMayMatch(line)) diagnostics?.Skip(reader.Path, reader.LineNumber, problem ?? "unparsable");
                            continue;
                        }
                        if (!seen.Add(record!.Id))
                        {
                            diagnostics?.Duplicate();
                            continue;
                        }
                        bool lineMatches = !parseAll || filter!.LineMayMatch(line);
                        if (corrections is not null) record = corrections.Apply(record, ref lineMatches);
                        if (!lineMatches) continue;
                        if (filter is null || filter.Matches(record)) yield return record;
                    }
                    diagnostics?.FileDone(reader.Position);
                }
                if (corrections is not null)
                    foreach (var (record, lineMatches) in corrections.Left())
                        if (lineMatches && (filter is null || filter.Matches(record))) yield return record;
            }
            finally
            {
                foreach (var r in readers) r.Dispose();
                ReturnIdSet(seen);
            }
        }

        /// <summary>One id set per thread, kept between days: a scan reads day after day, so it stops growing after the first.</summary>
        [ThreadStatic] private static IdSet? _spareIds;

        private static IdSet RentIdSet()
        {
            var set = _spareIds;
            _spareIds = null; // a nested read on this thread gets its own
            return set ?? new IdSet();
        }

        private static void ReturnIdSet(IdSet set)
        {
            set.Clear();
            _spareIds = set;
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
