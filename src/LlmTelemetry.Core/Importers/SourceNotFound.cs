using System;
using System.Collections.Generic;

namespace LlmTelemetry.Importers
{
    /// <summary>
    /// A source <see cref="TelemetryImporter.ImportAll(Storage.TelemetryStore, ImportOptions?, System.Threading.CancellationToken)"/>
    /// skipped: none of <paramref name="Locations"/> exists, so the tool has never run here (or keeps its logs elsewhere:
    /// import it alone with a path).
    /// </summary>
    /// <param name="Source">The source's name, as in <see cref="ImportResult.Source"/>.</param>
    /// <param name="Locations">The folders looked for (<see cref="TelemetryImporter.DefaultLocations"/>).</param>
    public sealed record SourceNotFound(string Source, IReadOnlyList<string> Locations);
}
