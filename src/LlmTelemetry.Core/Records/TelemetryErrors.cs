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
    }

    /// <summary>The file operation that failed.</summary>
    public enum TelemetryOperation
    {
        None,
        Read,
        Write,
        Append,
        Delete,
    }

    /// <summary>
    /// The one exception family of LlmTelemetry: a code, the file and operation involved (when there is one),
    /// and a message a person can act on. Front ends map the code to their own error ids.
    /// </summary>
    public class TelemetryException : Exception
    {
        public TelemetryException(TelemetryErrorCode code, string message, string? path = null,
            TelemetryOperation operation = TelemetryOperation.None, Exception? inner = null)
            : base(message, inner)
        {
            Code = code;
            Path = path;
            Operation = operation;
        }

        public TelemetryErrorCode Code { get; }
        public string? Path { get; }
        public TelemetryOperation Operation { get; }

        /// <summary>Builds "cannot append to &lt;path&gt;: &lt;reason&gt;" from an I/O failure, keeping the cause.</summary>
        public static TelemetryException ForIo(TelemetryOperation operation, string path, Exception cause)
        {
            var code = operation == TelemetryOperation.Read ? TelemetryErrorCode.ReadError : TelemetryErrorCode.WriteError;
            string verb = operation switch
            {
                TelemetryOperation.Read => "read",
                TelemetryOperation.Append => "append to",
                TelemetryOperation.Delete => "delete",
                _ => "write",
            };
            return new TelemetryException(code, $"cannot {verb} {path}: {Describe(cause)}", path, operation, cause);
        }

        private static string Describe(Exception cause)
        {
            // HResult 0x70 / errno 28 is ENOSPC / ERROR_DISK_FULL: say it in words people search for.
            if (cause is System.IO.IOException io && ((io.HResult & 0xFFFF) == 0x70 || (io.HResult & 0xFFFF) == 28 || io.Message.IndexOf("space", StringComparison.OrdinalIgnoreCase) >= 0))
                return "no space left on device";
            if (cause is UnauthorizedAccessException) return "permission denied (" + cause.Message + ")";
            return cause.Message;
        }
    }

    /// <summary>A record, setting or input that breaks a rule; names the field and the bad value. Nothing was written.</summary>
    public sealed class TelemetryValidationException : TelemetryException
    {
        public TelemetryValidationException(string field, string? value, string problem)
            : base(TelemetryErrorCode.ValidationError, $"invalid {field}: {problem}" + (value is null ? "" : $" (got '{ShownValue.Of(value)}')"))
        {
            Field = field;
            Value = value;
        }

        public string Field { get; }

        /// <summary>The value as given (the message shows it escaped and shortened).</summary>
        public string? Value { get; }
    }

    /// <summary>
    /// A sum in a report (tokens, cost, duration) that its number type cannot hold. Reports refuse to show a wrapped
    /// or saturated total: it would look like an answer. Names the field and, once an aggregator adds it, the group.
    /// </summary>
    internal sealed class TotalOverflowException : TelemetryException
    {
        public TotalOverflowException(string field, string? group = null)
            : base(TelemetryErrorCode.TotalOverflow,
                $"cannot total {field} for {group ?? "these records"}: the sum is larger than {(field == "cost_usd" ? "any finite number" : long.MaxValue.ToString("N0", System.Globalization.CultureInfo.InvariantCulture))}; "
                + "nothing was changed, narrow the range or the filters to report these records")
        {
            Field = field;
            Group = group;
        }

        public string Field { get; }
        public string? Group { get; }

        /// <summary>The same overflow, naming the group it happened in (the innermost aggregator that knows it).</summary>
        public TotalOverflowException In(string group) => Group is null ? new TotalOverflowException(Field, group) : this;
    }

    /// <summary>
    /// An environment variable (LLM_*) whose value breaks a rule: a ConfigurationError, like a broken config file (the CLI
    /// exits 1), naming the variable and showing its value escaped and cut.
    /// </summary>
    public sealed class TelemetryEnvironmentException : TelemetryException
    {
        public TelemetryEnvironmentException(string variable, string? value, string problem)
            : base(TelemetryErrorCode.ConfigurationError, $"environment variable {variable}='{ShownValue.Of(value)}' is not valid: {problem}")
        {
            Variable = variable;
            Value = value;
        }

        public string Variable { get; }
        public string? Value { get; }
    }

    /// <summary>How a bad value appears inside an error message: control characters escaped as on any terminal output
    /// (<see cref="Exporters.TerminalText"/>), so that an ESC or a newline in hostile input cannot drive the terminal that
    /// shows the error, and long values cut, so that the message stays readable.</summary>
    internal static class ShownValue
    {
        private const int MaxShown = 200;

        public static string Of(string? value)
        {
            if (value is null) return "";
            if (value.Length <= MaxShown) return Exporters.TerminalText.Escape(value);
            return Exporters.TerminalText.Escape(value.Substring(0, MaxShown)) + "… ("
                + value.Length.ToString(System.Globalization.CultureInfo.InvariantCulture) + " characters)";
        }
    }
}
