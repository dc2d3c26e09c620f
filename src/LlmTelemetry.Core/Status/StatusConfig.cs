using System.Text.Json.Serialization;

namespace LlmTelemetry.Status
{
    /// <summary>The "status" section of config.json: thresholds in USD and colours as SGR parameters. Null means "default".</summary>
    public sealed record StatusConfig
    {
        [JsonPropertyName("yellow_usd")] public double? YellowUsd { get; init; }
        [JsonPropertyName("red_usd")] public double? RedUsd { get; init; }
        [JsonPropertyName("colors")] public StatusColorConfig? Colors { get; init; }

        /// <summary>The thresholds this section sets over the defaults, checked.</summary>
        public StatusThresholds Thresholds() => new StatusThresholds
        {
            YellowUsd = YellowUsd ?? StatusThresholds.Default.YellowUsd,
            RedUsd = RedUsd ?? StatusThresholds.Default.RedUsd,
        }.Validate("status.yellow_usd", "status.red_usd");

        /// <summary>The colours this section sets over the defaults, checked.</summary>
        public StatusColors PaletteOrDefault() => new StatusColors
        {
            Green = Colors?.Green ?? StatusColors.Default.Green,
            Yellow = Colors?.Yellow ?? StatusColors.Default.Yellow,
            Red = Colors?.Red ?? StatusColors.Default.Red,
        }.Validate();
    }
}
