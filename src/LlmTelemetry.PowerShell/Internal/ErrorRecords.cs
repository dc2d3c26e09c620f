using System;
using System.IO;
using System.Management.Automation;
using System.Text;
using LlmTelemetry.Providers;
using LlmTelemetry.Records;

namespace LlmTelemetry.Internal
{
    /// <summary>
    /// The one place core exceptions become PowerShell errors: stable ids "&lt;Cmdlet&gt;&lt;What&gt;" (Pester checks
    /// "Id,LlmTelemetry.Commands.Class") and a category that says what kind of failure it was.
    /// </summary>
    internal static class ErrorRecords
    {
        public static ErrorRecord From(Exception exception, string cmdlet, object? target)
        {
            switch (exception)
            {
                case TelemetryValidationException v:
                    return new ErrorRecord(v, cmdlet + "Invalid" + Pascal(v.Field), ErrorCategory.InvalidArgument, (object?)v.Value ?? target);
                case ProviderException p:
                    var (kind, pcategory) = Describe(p);
                    return new ErrorRecord(p, cmdlet + kind, pcategory, target);
                case TelemetryException t:
                    var (what, category) = Describe(t.Code);
                    return new ErrorRecord(t, cmdlet + what, category, (object?)t.Path ?? target);
                case UnauthorizedAccessException:
                    return new ErrorRecord(exception, cmdlet + "AccessDenied", ErrorCategory.PermissionDenied, target);
                case IOException:
                    return new ErrorRecord(exception, cmdlet + "IOFailed", ErrorCategory.WriteError, target);
                case ArgumentException:
                    return new ErrorRecord(exception, cmdlet + "InvalidArgument", ErrorCategory.InvalidArgument, target);
                default:
                    return new ErrorRecord(exception, cmdlet + "Failed", ErrorCategory.NotSpecified, target);
            }
        }

        /// <summary>An error the cmdlet itself detects (no core exception), with its own id suffix.</summary>
        public static ErrorRecord Create(string message, string cmdlet, string what, ErrorCategory category, object? target)
            => new ErrorRecord(new InvalidOperationException(message), cmdlet + what, category, target);

        internal static (string What, ErrorCategory Category) Describe(TelemetryErrorCode code) => code switch
        {
            TelemetryErrorCode.WriteError => ("WriteFailed", ErrorCategory.WriteError),
            TelemetryErrorCode.ReadError => ("ReadFailed", ErrorCategory.ReadError),
            TelemetryErrorCode.ValidationError => ("InvalidArgument", ErrorCategory.InvalidArgument),
            TelemetryErrorCode.LockTimeout => ("StoreBusy", ErrorCategory.ResourceBusy),
            TelemetryErrorCode.ConfigurationError => ("InvalidConfiguration", ErrorCategory.InvalidData),
            TelemetryErrorCode.PricingError => ("PricingFailed", ErrorCategory.InvalidData),
            TelemetryErrorCode.ImportError => ("ImportFailed", ErrorCategory.InvalidData),
            TelemetryErrorCode.ProviderError => ("ProviderFailed", ErrorCategory.ConnectionError),
            TelemetryErrorCode.TotalOverflow => ("TotalOverflow", ErrorCategory.LimitsExceeded),
            TelemetryErrorCode.BudgetExceeded => ("BudgetExceeded", ErrorCategory.LimitsExceeded),
            TelemetryErrorCode.ExportError => ("ExportFailed", ErrorCategory.ConnectionError),
            _ => ("Failed", ErrorCategory.NotSpecified),
        };

        /// <summary>A provider call's failure: its own id for a missing key and a timeout, a category by what failed.</summary>
        internal static (string What, ErrorCategory Category) Describe(ProviderException p) => p.Kind switch
        {
            ProviderErrorKind.MissingKey => ("MissingApiKey", ErrorCategory.AuthenticationError),
            ProviderErrorKind.Timeout => ("Timeout", ErrorCategory.OperationTimeout),
            ProviderErrorKind.Network => ("ProviderError", ErrorCategory.ConnectionError),
            ProviderErrorKind.InvalidResponse => ("ProviderError", ErrorCategory.InvalidResult),
            ProviderErrorKind.InvalidRequest => ("ProviderError", ErrorCategory.InvalidArgument),
            ProviderErrorKind.Http when p.StatusCode == 401 || p.StatusCode == 403 => ("ProviderError", ErrorCategory.AuthenticationError),
            ProviderErrorKind.Http when p.StatusCode == 429 => ("ProviderError", ErrorCategory.LimitsExceeded),
            ProviderErrorKind.Http when p.StatusCode >= 500 => ("ProviderError", ErrorCategory.ResourceUnavailable),
            _ => ("ProviderError", ErrorCategory.InvalidOperation),
        };

        /// <summary>"TimeZone" stays, "tokens.input" → "TokensInput", "duration_ms" → "DurationMs".</summary>
        internal static string Pascal(string field)
        {
            var sb = new StringBuilder(field.Length);
            bool upper = true;
            foreach (char c in field)
            {
                if (!char.IsLetterOrDigit(c)) { upper = true; continue; }
                sb.Append(upper ? char.ToUpperInvariant(c) : c);
                upper = false;
            }
            return sb.Length == 0 ? "Argument" : sb.ToString();
        }
    }
}
