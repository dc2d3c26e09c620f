using System;

namespace LlmTelemetry.Records
{
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
}
