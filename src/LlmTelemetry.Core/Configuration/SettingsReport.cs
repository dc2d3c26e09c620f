using System;
using System.Collections.Generic;

namespace LlmTelemetry.Configuration
{
    public static class SettingsReport
    {
        /// <summary>Every user-facing setting in display order, each with the environment variable that would override it.</summary>
        public static IReadOnlyList<EffectiveSetting> Describe(TelemetrySettings settings)
        {
            if (settings is null) throw new ArgumentNullException(nameof(settings));
            return new[]
            {
                From(settings.StorageEnabled, TelemetrySettings.StorageVariable),
                From(settings.Directory, TelemetrySettings.DirectoryVariable),
                From(settings.RetentionDays, TelemetrySettings.RetentionVariable),
                From(settings.MaxSizeMB, TelemetrySettings.MaxSizeVariable),
                From(settings.HistoryDays, TelemetrySettings.HistoryVariable),
                From(settings.HistoryMaxSizeMB, TelemetrySettings.HistoryMaxSizeVariable),
                From(settings.StorePrompts, TelemetrySettings.StorePromptsVariable),
                From(settings.StoreResponses, TelemetrySettings.StoreResponsesVariable),
                // A user and password in the URL stay out of every listing.
                From(settings.PushgatewayUrl with { Value = Exporters.Shipping.ShipHttp.ShownText(settings.PushgatewayUrl.Value) }, TelemetrySettings.PushgatewayUrlVariable),
                From(settings.PushgatewayJob, TelemetrySettings.PushgatewayJobVariable),
                From(settings.PushgatewayTimeoutMs, TelemetrySettings.PushgatewayTimeoutVariable),
            };
        }

        private static EffectiveSetting From<T>(Setting<T> s, string variable) where T : notnull
            => new EffectiveSetting(s.Name, s.Value, s.Source, s.Origin, variable);
    }
}
