using System;
using System.Globalization;
using System.IO;
using LlmTelemetry.Records;

namespace LlmTelemetry.Configuration
{
    /// <summary>
    /// Applies a change (only the values set in it) to the user's config file: what Set-LlmTelemetryConfig does (the
    /// CLI has no config command yet). Values are checked before anything is written.
    /// </summary>
    public static class UserConfigUpdate
    {
        /// <summary>Values set in <paramref name="changes"/> replace those in <paramref name="current"/>; the others are kept.</summary>
        public static UserConfig Merge(UserConfig current, UserConfig changes)
        {
            if (current is null) throw new ArgumentNullException(nameof(current));
            if (changes is null) throw new ArgumentNullException(nameof(changes));
            if (changes.RetentionDays is int r && r < 1)
                throw new TelemetryValidationException("RetentionDays", r.ToString(CultureInfo.InvariantCulture), "must be at least 1");
            if (changes.MaxSizeMB is int m && m < 1)
                throw new TelemetryValidationException("MaxSizeMB", m.ToString(CultureInfo.InvariantCulture), "must be at least 1");
            if (changes.HistoryDays is int h && (h < 0 || h > TelemetrySettings.MaxRetentionDays))
                throw new TelemetryValidationException("HistoryDays", h.ToString(CultureInfo.InvariantCulture), "must be 0 (forever) or from 1 to " + TelemetrySettings.MaxRetentionDays.ToString(CultureInfo.InvariantCulture));
            if (changes.HistoryMaxSizeMB is int hm && hm < 1)
                throw new TelemetryValidationException("HistoryMaxSizeMB", hm.ToString(CultureInfo.InvariantCulture), "must be at least 1");
            string? directory = changes.Directory;
            if (directory is not null)
            {
                if (string.IsNullOrWhiteSpace(directory)) throw new TelemetryValidationException("Directory", directory, "must not be empty");
                // Stored as given: a relative ".llm-telemetry" means a per-project store, resolved where the command runs.
                if (directory.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
                    throw new TelemetryValidationException("Directory", directory, "contains characters that are not allowed in a path");
            }
            return current with
            {
                StorageEnabled = changes.StorageEnabled ?? current.StorageEnabled,
                Directory = directory?.Trim() ?? current.Directory,
                RetentionDays = changes.RetentionDays ?? current.RetentionDays,
                MaxSizeMB = changes.MaxSizeMB ?? current.MaxSizeMB,
                HistoryDays = changes.HistoryDays ?? current.HistoryDays,
                HistoryMaxSizeMB = changes.HistoryMaxSizeMB ?? current.HistoryMaxSizeMB,
                StorePrompts = changes.StorePrompts ?? current.StorePrompts,
                StoreResponses = changes.StoreResponses ?? current.StoreResponses,
                Status = MergeStatus(current.Status, changes.Status),
            };
        }

        private static Status.StatusConfig? MergeStatus(Status.StatusConfig? current, Status.StatusConfig? changes)
        {
            if (changes is null) return current;
            var merged = new Status.StatusConfig
            {
                YellowUsd = changes.YellowUsd ?? current?.YellowUsd,
                RedUsd = changes.RedUsd ?? current?.RedUsd,
                Colors = changes.Colors is null ? current?.Colors : new Status.StatusColorConfig
                {
                    Green = changes.Colors.Green ?? current?.Colors?.Green,
                    Yellow = changes.Colors.Yellow ?? current?.Colors?.Yellow,
                    Red = changes.Colors.Red ?? current?.Colors?.Red,
                },
            };
            // Checked as a whole, so a new yellow threshold above the red one already saved is refused too.
            merged.Thresholds();
            merged.PaletteOrDefault();
            return merged;
        }

        /// <summary>Loads <paramref name="path"/>, merges, saves atomically, and returns what was saved.</summary>
        public static UserConfig Apply(string path, UserConfig changes)
        {
            using (UserConfig.LockFor(path).Acquire())
            {
                var merged = Merge(UserConfig.Load(path), changes);
                merged.Save(path);
                return merged;
            }
        }
    }
}
