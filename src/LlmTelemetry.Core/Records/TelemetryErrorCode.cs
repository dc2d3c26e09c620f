using System;

namespace LlmTelemetry.Records
{
    /// <summary>What kind of failure a <see cref="TelemetryException"/> reports; stable, so scripts can branch on it.</summary>
    public enum TelemetryErrorCode
    {
        WriteError,
        ReadError,
        ValidationError,
        LockTimeout,
        ConfigurationError,
        PricingError,
        ImportError,
        ProviderError,

        /// <summary>A report's sum is larger than its number type holds (Int64 counts, finite doubles for costs).</summary>
        TotalOverflow,

        /// <summary>A chat call refused before it was sent: it would cross an enforced budget or a per-call cost limit.</summary>
        BudgetExceeded,

        /// <summary>A send to ClickHouse, a Pushgateway or an OTLP collector failed after its retries.</summary>
        ExportError,
    }
}
