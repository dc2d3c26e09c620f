using System;
using LlmTelemetry.Records;

namespace LlmTelemetry.Status
{
    /// <summary>
    /// The ANSI SGR parameters each level is painted with ("32" green, "33" yellow, "31" red by default; "1;31" is bold
    /// red). Only digits and semicolons are accepted, so a config value can never smuggle another escape sequence into
    /// a terminal.
    /// </summary>
    public sealed record StatusColors
    {
        public const string NoColorVariable = "NO_COLOR";

        public static readonly StatusColors Default = new StatusColors();

        public string Green { get; init; } = "32";
        public string Yellow { get; init; } = "33";
        public string Red { get; init; } = "31";

        /// <summary>The SGR parameters of <paramref name="level"/>.</summary>
        public string Of(StatusLevel level) => level switch
        {
            StatusLevel.Red => Red,
            StatusLevel.Yellow => Yellow,
            _ => Green,
        };

        /// <summary><paramref name="text"/> wrapped in the level's colour and a reset.</summary>
        public string Paint(string text, StatusLevel level) => "\u001b[" + Of(level) + "m" + text + "\u001b[0m";

        /// <summary>
        /// False when NO_COLOR is set to anything but the empty string (https://no-color.org): colours are then left out
        /// everywhere, whatever the config says.
        /// </summary>
        public static bool Allowed(Func<string, string?>? environment = null)
            => string.IsNullOrEmpty((environment ?? Environment.GetEnvironmentVariable)(NoColorVariable));

        /// <summary>Refuses a colour that is not SGR parameters, naming the level.</summary>
        public StatusColors Validate()
        {
            Check("green", Green);
            Check("yellow", Yellow);
            Check("red", Red);
            return this;
        }

        private static void Check(string level, string value)
        {
            bool ok = !string.IsNullOrEmpty(value) && value.Length <= 32;
            if (ok)
                foreach (char c in value)
                    if (!(c >= '0' && c <= '9') && c != ';') { ok = false; break; }
            if (!ok)
                throw new TelemetryValidationException("status.colors." + level, value,
                    "must be ANSI SGR parameters: digits and ';' only, such as \"32\" or \"1;31\"");
        }
    }
}
