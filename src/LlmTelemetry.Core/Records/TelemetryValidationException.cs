using System;

namespace LlmTelemetry.Records
{
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
}
