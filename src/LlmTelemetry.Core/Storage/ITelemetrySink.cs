using LlmTelemetry.Records;

namespace LlmTelemetry.Storage
{
    /// <summary>Where recorded calls go. The store implements it; providers and importers depend only on this.</summary>
    public interface ITelemetrySink
    {
        /// <summary>
        /// Stores <paramref name="record"/> and returns it as stored (prompt/response hashes filled when text is given).
        /// The text itself is kept only when the user opted in.
        /// </summary>
        TelemetryRecord Record(TelemetryRecord record, string? promptText = null, string? responseText = null);
    }
}
