using System;

namespace LlmTelemetry.Records
{
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
