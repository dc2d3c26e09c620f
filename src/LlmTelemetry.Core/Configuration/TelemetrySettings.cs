using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using LlmTelemetry.Records;

namespace LlmTelemetry.Configuration
{
    /// <summary>
    /// The effective settings of every front end, resolved once here: parameter &gt; environment variable &gt;
    /// the user's config file &gt; default. Each value says where it came from (Get-LlmTelemetryConfig shows it).
    /// </summary>
    public sealed class TelemetrySettings
    {
        public const string StorageVariable = "LLM_TELEMETRY_STORAGE";
        public const string DirectoryVariable = "LLM_TELEMETRY_DIR";
        public const string StorePromptsVariable = "LLM_STORE_PROMPTS";
        public const string StoreResponsesVariable = "LLM_STORE_RESPONSES";
        public const string RetentionVariable = "LLM_RETENTION_DAYS";
        public const string MaxSizeVariable = "LLM_STORAGE_MAX_SIZE_MB";

        public const int DefaultRetentionDays = 30;

        /// <summary>A thousand years: the retention cut-off (today minus this) must stay a date; 2147483647 crashed imports.</summary>
        public const int MaxRetentionDays = 365_000;
        public const int DefaultMaxSizeMB = 100;
        public const int DefaultCompactAfterDays = 7;

        private TelemetrySettings(Setting<string> directory, Setting<bool> storageEnabled, Setting<bool> storePrompts,
            Setting<bool> storeResponses, Setting<int> retentionDays, Setting<int> maxSizeMB, int compactAfterDays, TimeSpan lockTimeout, string configFile)
        {
            Directory = directory;
            StorageEnabled = storageEnabled;
            StorePrompts = storePrompts;
            StoreResponses = storeResponses;
            RetentionDays = retentionDays;
            MaxSizeMB = maxSizeMB;
            CompactAfterDays = compactAfterDays;
            LockTimeout = lockTimeout;
            ConfigFile = configFile;
        }

        public Setting<string> Directory { get; }
        public Setting<bool> StorageEnabled { get; }
        public Setting<bool> StorePrompts { get; }
        public Setting<bool> StoreResponses { get; }
        public Setting<int> RetentionDays { get; }
        public Setting<int> MaxSizeMB { get; }
        public int CompactAfterDays { get; }
        public TimeSpan LockTimeout { get; }
        public string ConfigFile { get; }

        /// <summary>Every user-facing setting in display order.</summary>
        public IReadOnlyList<object> All => new object[] { StorageEnabled, Directory, RetentionDays, MaxSizeMB, StorePrompts, StoreResponses };

        /// <summary>Resolves the effective settings. Throws a ConfigurationError naming the variable or file when a value is malformed.</summary>
        public static TelemetrySettings Resolve(StoreOptions? options = null)
        {
            options ??= new StoreOptions();
            string configFile = options.ConfigFile ?? ConfigPaths.ConfigFile;
            var file = UserConfig.Load(configFile);
            Func<string, string?> env = options.Environment is { } map
                ? name => map.TryGetValue(name, out var v) ? v : null
                : name => System.Environment.GetEnvironmentVariable(name);

            var dir = PickDirectory(options.Root, env, file.Directory, configFile, options.BaseDirectory);
            var retention = Pick("RetentionDays", options.RetentionDays, RetentionVariable, env, ParseDays, file.RetentionDays, configFile, DefaultRetentionDays);
            var maxSize = Pick("MaxSizeMB", options.MaxSizeMB, MaxSizeVariable, env, ParseDays, file.MaxSizeMB, configFile, DefaultMaxSizeMB);
            InRange(retention, MaxRetentionDays);
            InRange(maxSize, int.MaxValue);
            int compact = options.CompactAfterDays ?? DefaultCompactAfterDays;
            if (compact < 1) throw new TelemetryValidationException("CompactAfterDays", compact.ToString(CultureInfo.InvariantCulture), "must be at least 1 (today is never compacted)");

            return new TelemetrySettings(
                dir,
                Pick("StorageEnabled", options.StorageEnabled, StorageVariable, env, ParseBool, file.StorageEnabled, configFile, true),
                Pick("StorePrompts", options.StorePrompts, StorePromptsVariable, env, ParseBool, file.StorePrompts, configFile, false),
                Pick("StoreResponses", options.StoreResponses, StoreResponsesVariable, env, ParseBool, file.StoreResponses, configFile, false),
                retention,
                maxSize,
                compact,
                options.LockTimeout ?? TimeSpan.FromSeconds(10),
                configFile);
        }

        private static Setting<string> PickDirectory(string? parameter, Func<string, string?> env, string? fromFile, string configFile, string? baseDirectory)
        {
            // Relative values (".llm-telemetry" for a per-project store) are taken against the current folder.
            // A parameter given as "" is a mistake (an unset shell variable), not a request for the default store.
            if (parameter is not null)
                return Checked(parameter, SettingSource.Parameter, null, baseDirectory, problem => new TelemetryValidationException("Directory", parameter, problem));
            string? raw = env(DirectoryVariable);
            if (!string.IsNullOrEmpty(raw))
                return Checked(raw!, SettingSource.Environment, DirectoryVariable, baseDirectory, problem => new TelemetryEnvironmentException(DirectoryVariable, raw, problem));
            if (!string.IsNullOrWhiteSpace(fromFile))
                return Checked(fromFile!, SettingSource.ConfigFile, configFile, baseDirectory,
                    problem => new TelemetryException(TelemetryErrorCode.ConfigurationError, $"{configFile}: directory '{fromFile}' {problem}", configFile, TelemetryOperation.Read));
            var fallback = ConfigPaths.DefaultDataDirectory;
            return Checked(fallback, SettingSource.Default, null, null,
                problem => new TelemetryException(TelemetryErrorCode.ConfigurationError, $"the default store folder {fallback} {problem}; name another with --dir or {DirectoryVariable}", fallback));
        }

        private static Setting<string> Checked(string path, SettingSource source, string? origin, string? baseDirectory, Func<string, TelemetryException> invalid)
        {
            var full = SettingFolder.Resolve(path, baseDirectory, invalid);
            return new Setting<string>("Directory", full, source, origin);
        }

        private static Setting<T> Pick<T>(string name, T? parameter, string variable, Func<string, string?> env,
            Func<string, T?> parse, T? fromFile, string configFile, T fallback) where T : struct
        {
            if (parameter is T p) return new Setting<T>(name, p, SettingSource.Parameter, null);
            string? raw = env(variable);
            // Empty means unset (VAR= command); anything else, blanks included, must be a valid value.
            if (!string.IsNullOrEmpty(raw))
            {
                T? parsed = parse(raw!.Trim());
                if (parsed is not T value)
                    throw new TelemetryEnvironmentException(variable, raw, "expected " + (typeof(T) == typeof(bool) ? "true or false" : "a whole number ≥ 1"));
                return new Setting<T>(name, value, SettingSource.Environment, variable);
            }
            if (fromFile is T f) return new Setting<T>(name, f, SettingSource.ConfigFile, configFile);
            return new Setting<T>(name, fallback, SettingSource.Default, null);
        }

        private static void InRange(Setting<int> setting, int max)
        {
            if (setting.Value >= 1 && setting.Value <= max) return;
            string value = setting.Value.ToString(CultureInfo.InvariantCulture);
            string rule = setting.Value < 1 ? "must be at least 1" : $"must be at most {max.ToString(CultureInfo.InvariantCulture)}";
            if (setting.Source == SettingSource.Environment) throw new TelemetryEnvironmentException(setting.Origin!, value, rule);
            throw new TelemetryValidationException(setting.Name, value, rule + (setting.Origin is null ? "" : $" (set in {setting.Origin})"));
        }

        /// <summary>true/false, 1/0, yes/no, on/off (case-insensitive); null for anything else.</summary>
        public static bool? ParseBool(string s)
        {
            switch (s.ToLowerInvariant())
            {
                case "true": case "1": case "yes": case "on": return true;
                case "false": case "0": case "no": case "off": return false;
                default: return null;
            }
        }

        private static int? ParseDays(string s)
            => int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int v) ? v : (int?)null;
    }
}
