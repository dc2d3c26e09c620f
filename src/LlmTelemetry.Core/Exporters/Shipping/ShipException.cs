using System;
using LlmTelemetry.Records;

namespace LlmTelemetry.Exporters.Shipping
{
    /// <summary>
    /// A send that failed after its retries. The message names the sink, the URL (never its credentials), the HTTP
    /// status or network error and the start of the engine's answer; nothing of the store changed.
    /// </summary>
    public sealed class ShipException : TelemetryException
    {
        public ShipException(string sink, string message, Exception? inner = null)
            : base(TelemetryErrorCode.ExportError, message, null, TelemetryOperation.None, inner)
        {
            Sink = sink;
        }

        public string Sink { get; }
    }
}
