using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Text;
using LlmTelemetry.Importers;
using LlmTelemetry.Records;

namespace LlmTelemetry.Tests.Importers
{
    /// <summary>A temp folder removed after the test.</summary>
    internal sealed class TempDir : IDisposable
    {
        public TempDir()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "llmt-import-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string Combine(params string[] parts) => System.IO.Path.Combine(new[] { Path }.Concat(parts).ToArray());

        public void Dispose()
        {
            try
            {
                Directory.Delete(Path, recursive: true);
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>
    /// A store as the contract describes it: records kept per UTC day, and ContainsId answered from that one day's
    /// ids, "loaded" when first asked. It records which days were consulted so tests can check nothing else was.
    /// Kept in memory so these tests do not depend on the store being written on main.
    /// </summary>
    internal sealed class DayIndexedTarget : IImportTarget
    {
        private readonly Dictionary<string, List<TelemetryRecord>> _days = new Dictionary<string, List<TelemetryRecord>>(StringComparer.Ordinal);
        private readonly Dictionary<string, HashSet<string>> _idsByDay = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);

        public DayIndexedTarget(string stateRoot)
        {
            StateDirectory = System.IO.Path.Combine(stateRoot, ".import-state");
        }

        public string StateDirectory { get; }
        public List<string> DaysLoaded { get; } = new List<string>();
        public int Batches { get; private set; }

        public bool ContainsId(string id, DateTimeOffset timestamp) => Ids(DayName(timestamp)).Contains(id);

        public BatchWrite AppendBatch(IReadOnlyList<TelemetryRecord> records)
        {
            Batches++;
            int added = 0, corrected = 0;
            foreach (var record in records)
            {
                RecordValidator.Validate(record);
                var day = DayName(record.Timestamp);
                if (!_days.TryGetValue(day, out var list)) _days[day] = list = new List<TelemetryRecord>();
                // As the contract says: a new id is added, a stored one with a larger total is corrected in place, the
                // rest are skipped, and the counts say which.
                if (Ids(day).Add(record.Id))
                {
                    list.Add(record);
                    added++;
                    continue;
                }
                int at = list.FindIndex(r => r.Id == record.Id);
                if (at >= 0 && record.Tokens.Total > list[at].Tokens.Total)
                {
                    list[at] = record;
                    corrected++;
                }
            }
            return new BatchWrite(added, corrected);
        }

        public List<TelemetryRecord> ReadAll() => _days.OrderBy(d => d.Key, StringComparer.Ordinal).SelectMany(d => d.Value).ToList();

        private HashSet<string> Ids(string day)
        {
            if (_idsByDay.TryGetValue(day, out var ids)) return ids;
            DaysLoaded.Add(day);
            ids = new HashSet<string>(StringComparer.Ordinal);
            if (_days.TryGetValue(day, out var list)) foreach (var r in list) ids.Add(r.Id);
            _idsByDay[day] = ids;
            return ids;
        }

        internal static string DayName(DateTimeOffset t) => t.UtcDateTime.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Writes records as a store does on disk: &lt;root&gt;/yyyy-MM-dd/telemetry.jsonl, through the real serializer.</summary>
    internal static class StoreFiles
    {
        public static void Write(string root, IEnumerable<TelemetryRecord> records)
        {
            foreach (var group in records.GroupBy(r => DayIndexedTarget.DayName(r.Timestamp)))
            {
                var dir = System.IO.Path.Combine(root, group.Key);
                Directory.CreateDirectory(dir);
                using var stream = new FileStream(System.IO.Path.Combine(dir, "telemetry.jsonl"), FileMode.Append, FileAccess.Write);
                foreach (var record in group)
                {
                    var line = RecordSerializer.ToLine(record);
                    stream.Write(line, 0, line.Length);
                }
            }
        }
    }



    internal static class ImportTestSupport
    {
        /// <summary>../shared/fixtures beside the repository root (one finder for every test: <see cref="Support.RepoPaths"/>).</summary>
        public static string FixturesRoot() => Support.RepoPaths.Fixtures;

        public static ImportOptions Options(string path, Func<string, TokenUsage, DateTimeOffset, double?>? pricer = null) => new ImportOptions
        {
            Path = path,
            SettleTime = TimeSpan.Zero,
            Host = "test-host",
            Pricer = pricer is null ? null : new Support.TestPricer(pricer),
            MaxDegreeOfParallelism = 2,
        };

        public static Dictionary<string, ModelTotals> ByModel(IEnumerable<TelemetryRecord> records)
            => records.GroupBy(r => r.Model!).ToDictionary(g => g.Key, g => new ModelTotals(
                g.Sum(r => r.Tokens.Input), g.Sum(r => r.Tokens.Output), g.Sum(r => r.Tokens.CacheCreationInput),
                g.Sum(r => r.Tokens.CacheReadInput), g.Sum(r => r.Tokens.Reasoning), g.LongCount()));

        /// <summary>Copies a fixture into a fresh Claude Code layout: &lt;root&gt;/projects/&lt;project&gt;/&lt;name&gt;.</summary>
        public static string CopyInto(string fixture, string folder, string? name = null)
        {
            Directory.CreateDirectory(folder);
            var target = System.IO.Path.Combine(folder, name ?? System.IO.Path.GetFileName(fixture));
            File.WriteAllBytes(target, File.ReadAllBytes(fixture));
            return target;
        }

        public static void AppendText(string file, string text)
        {
            using var stream = new FileStream(file, FileMode.Append, FileAccess.Write);
            var bytes = Encoding.UTF8.GetBytes(text);
            stream.Write(bytes, 0, bytes.Length);
        }

        /// <summary>Moves a file's modification time so the checkpoint sees it as changed even within one clock tick.</summary>
        public static void Touch(string file, DateTime? at = null) => File.SetLastWriteTimeUtc(file, at ?? DateTime.UtcNow.AddSeconds(1));

        /// <summary>True when this process can read a file whatever its mode says (root on Unix).</summary>
        public static bool CanReadDespiteMode(string file)
        {
            try
            {
                using var _ = File.OpenRead(file);
                return true;
            }
            catch (UnauthorizedAccessException)
            {
                return false;
            }
            catch (IOException)
            {
                return false;
            }
        }
    }
}
