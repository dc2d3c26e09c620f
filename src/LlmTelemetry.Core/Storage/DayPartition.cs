using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using LlmTelemetry.Records;

namespace LlmTelemetry.Storage
{
    /// <summary>
    /// One UTC day's folder: &lt;root&gt;/YYYY-MM-DD with telemetry.jsonl (and/or .gz), corrections.jsonl, prompts,
    /// responses and the cached rollup.
    /// </summary>
    public sealed class DayPartition
    {
        public const string DataFile = "telemetry.jsonl";
        public const string CompactedFile = "telemetry.jsonl.gz";
        public const string PromptsFile = "prompts.jsonl";
        public const string ResponsesFile = "responses.jsonl";

        /// <summary>
        /// Later, larger versions of records the day holds (a streamed call whose complete usage a log wrote after
        /// an import took the first): readers take them in place of the record with their id (see <see cref="DayCorrections"/>).
        /// Kept apart from telemetry.jsonl so that a reader knows of them before it meets the record they correct.
        /// </summary>
        public const string CorrectionsFile = "corrections.jsonl";
        /// <summary>The store's rolling totals, in the root folder.</summary>
        public const string SummaryFile = "summary.json";

        /// <summary>A day's cached rollup (<see cref="RollupCodec"/>), beside its records.</summary>
        public const string RollupFile = "rollup.bin";
        private const string DayFormat = "yyyy-MM-dd";

        public DayPartition(string root, DateTime utcDay)
        {
            Day = utcDay.Date;
            Folder = Path.Combine(root, Name(Day));
        }

        public DateTime Day { get; }
        public string Folder { get; }
        public string DataPath => Path.Combine(Folder, DataFile);
        public string CompactedPath => Path.Combine(Folder, CompactedFile);
        public string RollupPath => Path.Combine(Folder, RollupFile);
        public string CorrectionsPath => Path.Combine(Folder, CorrectionsFile);
        public string PromptsPath => Path.Combine(Folder, PromptsFile);
        public string ResponsesPath => Path.Combine(Folder, ResponsesFile);

        /// <summary>The files that hold this day's records, compacted first (it holds the older lines).</summary>
        public IEnumerable<string> RecordFiles()
        {
            if (File.Exists(CompactedPath)) yield return CompactedPath;
            if (File.Exists(DataPath)) yield return DataPath;
        }

        /// <summary>
        /// Opens this day's record files for one consistent read, in read order (the compacted file first: it holds
        /// the older lines). Compaction, in any process, writes the new .gz beside the .jsonl, renames it into place and
        /// only then deletes the .jsonl; so the .jsonl is opened first and the .gz after it. Whatever moment the two
        /// opens fall on, every record is in one of the files opened (an open file keeps its content when it is
        /// deleted), at worst in both, and readers drop the second copy of an id. Opening the .gz first, as this
        /// used to, missed the .jsonl's records whenever compaction finished in between.
        /// </summary>
        internal List<JsonlLineReader> OpenRecordFiles()
        {
            JsonlLineReader? data = null;
            try
            {
                data = TryOpen(DataPath);
                var compacted = TryOpen(CompactedPath);
                var readers = new List<JsonlLineReader>(2);
                if (compacted is not null) readers.Add(compacted);
                if (data is not null) readers.Add(data);
                return readers;
            }
            catch
            {
                data?.Dispose();
                throw;
            }
        }

        private static JsonlLineReader? TryOpen(string path)
        {
            try
            {
                return new JsonlLineReader(path);
            }
            catch (TelemetryException) when (!File.Exists(path))
            {
                return null; // not there (never written, compacted, or the day removed meanwhile)
            }
        }

        /// <summary>
        /// The <see cref="FileStamp"/> of each record file: a summary built from other stamps is stale. Strong enough
        /// that an edit which keeps the size and sets the mtime back is still noticed (see <see cref="FileStamp"/>).
        /// </summary>
        public string Fingerprint()
        {
            // One stat per candidate file (plus a 4 KB read where the OS has no ctime): this runs for every day of
            // every summary-backed query.
            var parts = new List<string>(3);
            foreach (var file in new[] { CompactedPath, DataPath, CorrectionsPath })
            {
                var stamp = FileStamp.Of(file);
                if (stamp is null) continue;
                parts.Add(Path.GetFileName(file) + ":" + stamp);
            }
            return string.Join("|", parts);
        }

        /// <summary>Bytes on disk of everything in the folder (what the size cap counts).</summary>
        public long SizeOnDisk()
        {
            long total = 0;
            if (!Directory.Exists(Folder)) return 0;
            foreach (var file in Directory.EnumerateFiles(Folder)) total += new FileInfo(file).Length;
            return total;
        }

        public static string Name(DateTime day) => day.ToString(DayFormat, CultureInfo.InvariantCulture);

        public static bool TryParseName(string name, out DateTime day)
            => DateTime.TryParseExact(name, DayFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out day);

        /// <summary>The day folders under <paramref name="root"/>, oldest first. Lists the root only; opens no day folder.</summary>
        public static IReadOnlyList<DayPartition> List(string root)
        {
            var days = new List<DayPartition>();
            if (!Directory.Exists(root)) return days;
            try
            {
                foreach (var dir in Directory.EnumerateDirectories(root))
                {
                    if (TryParseName(Path.GetFileName(dir), out var day)) days.Add(new DayPartition(root, day));
                }
            }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException)
            {
                // A store that cannot be listed is not an empty one: say so, naming it, instead of reporting no data.
                throw TelemetryException.ForIo(TelemetryOperation.Read, root, ex);
            }
            days.Sort((a, b) => a.Day.CompareTo(b.Day));
            return days;
        }
    }
}
