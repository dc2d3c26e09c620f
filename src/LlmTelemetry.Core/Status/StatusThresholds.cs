using System;
using System.Globalization;
using LlmTelemetry.Records;

namespace LlmTelemetry.Status
{
    /// <summary>
    /// Where the status line changes colour, in USD of the session's cost (seed 003: green under $1, yellow from $1 to
    /// $5, red above). Yellow starts at <see cref="YellowUsd"/> itself; red starts above <see cref="RedUsd"/>, so $5.00
    /// is still yellow and $5.01 red.
    /// </summary>
    public sealed record StatusThresholds
    {
        public static readonly StatusThresholds Default = new StatusThresholds();

        public double YellowUsd { get; init; } = 1.0;
        public double RedUsd { get; init; } = 5.0;

        /// <summary>The level of <paramref name="costUsd"/>.</summary>
        public StatusLevel LevelOf(double costUsd)
            => costUsd > RedUsd ? StatusLevel.Red : costUsd >= YellowUsd ? StatusLevel.Yellow : StatusLevel.Green;

        /// <summary>Refuses thresholds that are not finite, negative, or out of order, naming the one at fault.</summary>
        public StatusThresholds Validate(string yellowName = "YellowUsd", string redName = "RedUsd")
        {
            if (double.IsNaN(YellowUsd) || double.IsInfinity(YellowUsd) || YellowUsd < 0)
                throw new TelemetryValidationException(yellowName, YellowUsd.ToString("R", CultureInfo.InvariantCulture), "must be a finite amount of USD, 0 or more");
            if (double.IsNaN(RedUsd) || double.IsInfinity(RedUsd) || RedUsd < 0)
                throw new TelemetryValidationException(redName, RedUsd.ToString("R", CultureInfo.InvariantCulture), "must be a finite amount of USD, 0 or more");
            if (RedUsd < YellowUsd)
                throw new TelemetryValidationException(redName, RedUsd.ToString("R", CultureInfo.InvariantCulture),
                    "must not be below the yellow threshold (" + YellowUsd.ToString("R", CultureInfo.InvariantCulture) + ")");
            return this;
        }
    }
}
