using System;
using System.Collections.Generic;
using LlmTelemetry.Records;

namespace LlmTelemetry.Importers
{
    /// <summary>
    /// What an importer needs from the store it imports into. The store implements it; importers never read
    /// or write day folders themselves.
    /// </summary>
    public interface IImportTarget
    {
        /// <summary>
        /// A folder the importers may own (created on demand): they keep one checkpoint file per source there,
        /// so an unchanged log is not read again.
        /// </summary>
        string StateDirectory { get; }

        /// <summary>
        /// True when a record with <paramref name="id"/> is already stored. <paramref name="timestamp"/> is that
        /// record's timestamp: its UTC day names the only day folder that can hold the id, so the store loads
        /// that day's ids alone, never the whole store. Must also see records added by earlier
        /// <see cref="AppendBatch"/> calls.
        /// </summary>
        bool ContainsId(string id, DateTimeOffset timestamp);

        /// <summary>
        /// Stores valid records (any order of days). A record whose id is not stored is added. A record whose id is
        /// stored already (by an earlier import, or by another writer such as a second import of the same logs running
        /// now) is a correction when its token total is larger (a streamed call the log completed later), and
        /// otherwise skipped: the caller counts those as duplicates. The target decides atomically with the write.
        /// Only a dry run asks <see cref="ContainsId"/> first.
        /// Throws <see cref="TelemetryException"/> when the write fails; nothing after that batch is written.
        /// </summary>
        BatchWrite AppendBatch(IReadOnlyList<TelemetryRecord> records);
    }
}
