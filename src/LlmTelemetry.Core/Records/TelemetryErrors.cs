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
    /// An environment variable (LLM_*) whose value breaks a rule. Its code stays ConfigurationError, like a broken config
    /// file, but the caller set it for this run, so a command line treats it as a bad argument (exit 2).
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

    /// <summary>How a bad value appears inside an error message: control characters escaped, so that an ESC or a newline in
    /// hostile input cannot drive the terminal that shows the error, and long values cut, so that the message stays readable.</summary>
    internal static class ShownValue
    {
        private const int MaxShown = 200;

        public static string Of(string? value)
        {
            if (value is null) return "";
            bool plain = value.Length <= MaxShown;
            foreach (char c in value) if (char.IsControl(c)) { plain = false; break; }
            if (plain) return value;
            var sb = new System.Text.StringBuilder(Math.Min(value.Length, MaxShown) + 16);
            for (int i = 0; i < value.Length && i < MaxShown; i++)
            {
                char c = value[i];
                switch (c)
                {
                    case '\n': sb.Append("\\n"); break;
                    case '\r': sb.Append("\\r"); break;
                    case '\t': sb.Append("\\t"); break;
                    default:
                        if (char.IsControl(c)) sb.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
                        else sb.Append(c);
                        break;
                }
            }
            if (value.Length > MaxShown) sb.Append("… (").Append(value.Length.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(" characters)");
            return sb.ToString();
        }
    }
}
