using System;
using System.Collections.Generic;
using System.IO;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Importers
{
    /// <summary>
    /// Imports into a <see cref="TelemetryStore"/>: its per-day id index answers ContainsId, its batch append writes,
    /// and the checkpoints live in &lt;root&gt;/.import (not a day folder, so queries and maintenance pass it by).
    /// </summary>
    internal sealed class StoreImportTarget : IImportTarget
    {
        public const string StateFolderName = ".import";
        private readonly TelemetryStore _store;

        public StoreImportTarget(TelemetryStore store) => _store = store ?? throw new ArgumentNullException(nameof(store));

        public string StateDirectory => Path.Combine(_store.Root, StateFolderName);

        public bool ContainsId(string id, DateTimeOffset timestamp) => _store.ContainsId(id, timestamp);

        public BatchWrite AppendBatch(IReadOnlyList<TelemetryRecord> records) => _store.Write(records);
    }
}
