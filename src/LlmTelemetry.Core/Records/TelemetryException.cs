using System;

namespace LlmTelemetry.Records
{
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
}
