using System;
using System.Collections.Generic;
using System.IO;
using LlmTelemetry.Queries;
using LlmTelemetry.Records;

namespace LlmTelemetry.Storage
{
    /// <summary>
    /// A day's corrections, read before its records so that each reader folds them in the same way. The rule every
    /// reader, summary and rollup holds to: a day's record for an id is the first line holding it in telemetry.jsonl
    /// (.gz), unless corrections.jsonl holds a version with a larger token total; then the largest (ties to the
    /// earliest) takes its place, where the record stood. A correction whose record is not there (a torn line) is
    /// still the best version known, and is read after the day's records. The store writes a correction only when its
    /// total exceeds what the day holds, so two imports writing the same correction at once change nothing.
    /// </summary>
    internal sealed class DayCorrections
    {
        private readonly Dictionary<string, Correction> _byId;

        private DayCorrections(Dictionary<string, Correction> byId) => _byId = byId;

        /// <summary>Null when the day has none (the common case: one stat, nothing read).</summary>
        public static DayCorrections? Read(DayPartition day, CompiledFilter? filter, ReadDiagnostics? diagnostics)
        {
            // A stat, not a failed open: an exception per day read would cost more than most days' reading.
            if (!File.Exists(day.CorrectionsPath)) return null;
            JsonlLineReader reader;
            try
            {
                reader = new JsonlLineReader(day.CorrectionsPath);
            }
            catch (TelemetryException) when (!File.Exists(day.CorrectionsPath))
            {
                return null;
            }
            var byId = new Dictionary<string, Correction>(StringComparer.Ordinal);
            using (reader)
            {
                while (reader.TryReadLine(out var line))
                {
                    if (TelemetryStore.IsBlank(line)) continue;
                    if (!RecordSerializer.TryParse(line, out var record, out var problem))
                    {
                        diagnostics?.Skip(reader.Path, reader.LineNumber, problem ?? "unparsable");
                        continue;
                    }
                    if (byId.TryGetValue(record!.Id, out var known))
                    {
                        diagnostics?.Duplicate();
                        if (record.Tokens.Total <= known.Record.Tokens.Total) continue;
                    }
                    // A text search matches the line as written, the way it matches the day's other lines.
                    byId[record.Id] = new Correction(record, filter?.Search is null || filter.LineMayMatch(line));
                }
            }
            return byId.Count == 0 ? null : new DayCorrections(byId);
        }

        /// <summary>
        /// The version to read for <paramref name="record"/>, the first copy of its id in the day's records: a larger
        /// correction, or the record itself. Either way the id's corrections are used up (a later copy is a duplicate).
        /// </summary>
        public TelemetryRecord Apply(TelemetryRecord record, ref bool lineMatches)
        {
            if (!_byId.TryGetValue(record.Id, out var correction)) return record;
            _byId.Remove(record.Id);
            if (correction.Record.Tokens.Total <= record.Tokens.Total) return record;
            lineMatches = correction.LineMatches;
            return correction.Record;
        }

        /// <summary>The corrections no record of the day took up, oldest first (then by id), so every read gives one order.</summary>
        public IEnumerable<(TelemetryRecord Record, bool LineMatches)> Left()
        {
            var left = new List<Correction>(_byId.Values);
            left.Sort((a, b) =>
            {
                int c = a.Record.Timestamp.CompareTo(b.Record.Timestamp);
                return c != 0 ? c : string.CompareOrdinal(a.Record.Id, b.Record.Id);
            });
            foreach (var c in left) yield return (c.Record, c.LineMatches);
        }

        private readonly struct Correction
        {
            public Correction(TelemetryRecord record, bool lineMatches)
            {
                Record = record;
                LineMatches = lineMatches;
            }

            public TelemetryRecord Record { get; }
            public bool LineMatches { get; }
        }
    }
}
