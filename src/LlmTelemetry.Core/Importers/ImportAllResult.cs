using System;
using System.Collections.Generic;
using System.Linq;

namespace LlmTelemetry.Importers
{
    /// <summary>
    /// What <see cref="TelemetryImporter.ImportAll(Storage.TelemetryStore, ImportOptions?, System.Threading.CancellationToken)"/>
    /// did: one result per source imported, in a fixed order, and the sources that have no logs on this machine.
    /// </summary>
    public sealed record ImportAllResult
    {
        /// <summary>Each imported source's own result, as <see cref="TelemetryImporter.Import(ImportSource, IImportTarget, ImportOptions?, System.Threading.CancellationToken)"/> gives it.</summary>
        public IReadOnlyList<ImportResult> Sources { get; init; } = Array.Empty<ImportResult>();

        /// <summary>Sources skipped because none of their default folders exists here.</summary>
        public IReadOnlyList<SourceNotFound> NotFound { get; init; } = Array.Empty<SourceNotFound>();

        public long Added => Sources.Sum(s => s.Added);
        public long Corrected => Sources.Sum(s => s.Corrected);
        public long Duplicates => Sources.Sum(s => s.Duplicates);
        public long Malformed => Sources.Sum(s => s.Malformed);

        /// <summary>The whole run, looking for folders included.</summary>
        public TimeSpan Elapsed { get; init; }
    }
}
