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
        public const string HistoryVariable = "LLM_HISTORY_DAYS";
        public const string HistoryMaxSizeVariable = "LLM_HISTORY_MAX_SIZE_MB";
        public const string PushgatewayUrlVariable = "LLM_PUSHGATEWAY_URL";
        public const string PushgatewayJobVariable = "LLM_PUSHGATEWAY_JOB";
        public const string PushgatewayTimeoutVariable = "LLM_PUSHGATEWAY_TIMEOUT_MS";

        /// <summary>The job label of the per-call push (and of `send pushgateway` without --job).</summary>
        public const string DefaultPushgatewayJob = "llm_telemetry";

        /// <summary>How long the per-call push may hold up a call: seed 000's bound.</summary>
        public const int DefaultPushgatewayTimeoutMs = 200;

        /// <summary>A minute: a bound longer than that is a hang, not a bound.</summary>
        internal const int MaxPushgatewayTimeoutMs = 60_000;

        public const int DefaultRetentionDays = 30;

        /// <summary>A thousand years: the retention cut-off (today minus this) must stay a date; 2147483647 crashed imports.</summary>
        public const int MaxRetentionDays = 365_000;
        public const int DefaultMaxSizeMB = 100;
        public const int DefaultCompactAfterDays = 7;

        /// <summary>Two years of daily rollups; 0 keeps them forever.</summary>
        public const int DefaultHistoryDays = 730;

        /// <summary>The history tier's own budget: a heavy user's year of rollups is a few MB.</summary>
        public const int DefaultHistoryMaxSizeMB = 50;

        private TelemetrySettings(Setting<string> directory, Setting<bool> storageEnabled, Setting<bool> storePrompts,
            Setting<bool> storeResponses, Setting<int> retentionDays, Setting<int> maxSizeMB, Setting<int> historyDays, Setting<int> historyMaxSizeMB,
            Setting<string> pushgatewayUrl, Setting<string> pushgatewayJob, Setting<int> pushgatewayTimeoutMs,
            int compactAfterDays, TimeSpan lockTimeout, string configFile)
        {
            PushgatewayUrl = pushgatewayUrl;
            PushgatewayJob = pushgatewayJob;
            PushgatewayTimeoutMs = pushgatewayTimeoutMs;
            HistoryDays = historyDays;
            HistoryMaxSizeMB = historyMaxSizeMB;
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

        /// <summary>How long a day's rollup is kept after its raw records are gone; 0 = forever.</summary>
        public Setting<int> HistoryDays { get; }

        /// <summary>The history tier's size cap: over it, the oldest rollups go first.</summary>
        public Setting<int> HistoryMaxSizeMB { get; }

        /// <summary>The Pushgateway the store's totals are pushed to after each recorded call; "" (the default) pushes nothing.</summary>
        public Setting<string> PushgatewayUrl { get; }

        /// <summary>The job label of that push.</summary>
        public Setting<string> PushgatewayJob { get; }

        /// <summary>How long that push may hold up the call, computing the totals included; then it gives up with a warning.</summary>
        public Setting<int> PushgatewayTimeoutMs { get; }
        public int CompactAfterDays { get; }
        public TimeSpan LockTimeout { get; }
        public string ConfigFile { get; }

        /// <summary>Every user-facing setting in display order.</summary>
        public IReadOnlyList<object> All => new object[] { StorageEnabled, Directory, RetentionDays, MaxSizeMB, HistoryDays, HistoryMaxSizeMB, StorePrompts, StoreResponses,
            PushgatewayUrl, PushgatewayJob, PushgatewayTimeoutMs };

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
            var retention = Pick("RetentionDays", "retention_days", options.RetentionDays, RetentionVariable, env, RetentionRule, file.RetentionDays, configFile, DefaultRetentionDays);
            var maxSize = Pick("MaxSizeMB", "max_size_mb", options.MaxSizeMB, MaxSizeVariable, env, PositiveRule, file.MaxSizeMB, configFile, DefaultMaxSizeMB);
            var historyDays = Pick("HistoryDays", "history_days", options.HistoryDays, HistoryVariable, env, HistoryRule, file.HistoryDays, configFile, DefaultHistoryDays);
            var historyMax = Pick("HistoryMaxSizeMB", "history_max_size_mb", options.HistoryMaxSizeMB, HistoryMaxSizeVariable, env, PositiveRule, file.HistoryMaxSizeMB, configFile, DefaultHistoryMaxSizeMB);
            var pushUrl = PickText("PushgatewayUrl", "pushgateway_url", options.PushgatewayUrl, PushgatewayUrlVariable, env, file.PushgatewayUrl, configFile, "",
                (text, invalid) => Exporters.Prometheus.PushgatewayOptions.ParseUrl(text, invalid));
            var pushJob = PickText("PushgatewayJob", "pushgateway_job", options.PushgatewayJob, PushgatewayJobVariable, env, file.PushgatewayJob, configFile, DefaultPushgatewayJob,
                (text, invalid) => Exporters.Prometheus.PushgatewayOptions.CheckJob(text, invalid));
            var pushTimeout = Pick("PushgatewayTimeoutMs", "pushgateway_timeout_ms", options.PushgatewayTimeoutMs, PushgatewayTimeoutVariable, env, PushTimeoutRule,
                file.PushgatewayTimeoutMs, configFile, DefaultPushgatewayTimeoutMs);
            int compact = options.CompactAfterDays ?? DefaultCompactAfterDays;
            if (compact < 1) throw new TelemetryValidationException("CompactAfterDays", compact.ToString(CultureInfo.InvariantCulture), "must be at least 1 (today is never compacted)");

            return new TelemetrySettings(
                dir,
                Pick("StorageEnabled", "storage_enabled", options.StorageEnabled, StorageVariable, env, BoolRule, file.StorageEnabled, configFile, true),
                Pick("StorePrompts", "store_prompts", options.StorePrompts, StorePromptsVariable, env, BoolRule, file.StorePrompts, configFile, false),
                Pick("StoreResponses", "store_responses", options.StoreResponses, StoreResponsesVariable, env, BoolRule, file.StoreResponses, configFile, false),
                retention,
                maxSize,
                historyDays,
                historyMax,
                pushUrl,
                pushJob,
                pushTimeout,
                compact,
                options.LockTimeout ?? TimeSpan.FromSeconds(10),
                configFile);
        }

        private static Setting<string> PickDirectory(string? parameter, Func<string, string?> env, string? fromFile, string configFile, string? baseDirectory)
        {
            // Relative values (".llm-telemetry" for a per-project store) are taken against the current folder.
            // A bad value names where it came from: the parameter, the variable, or the config file and its key.
            // A parameter given as "" is a mistake (an unset shell variable), not a request for the default store.
            if (parameter is not null)
                return Checked(parameter, SettingSource.Parameter, null, baseDirectory, problem => new TelemetryValidationException("Directory", parameter, problem));
            string? raw = env(DirectoryVariable);
            if (!string.IsNullOrEmpty(raw))
                return Checked(raw!, SettingSource.Environment, DirectoryVariable, baseDirectory, problem => BadVariable(DirectoryVariable, raw!, problem));
            if (!string.IsNullOrWhiteSpace(fromFile))
                return Checked(fromFile!, SettingSource.ConfigFile, configFile, baseDirectory, problem => BadFileValue(configFile, "directory", fromFile!, problem));
            var fallback = ConfigPaths.DefaultDataDirectory;
            return Checked(fallback, SettingSource.Default, null, null,
                problem => new TelemetryException(TelemetryErrorCode.ConfigurationError, $"the default store folder {fallback} {problem}; name another with --dir or {DirectoryVariable}", fallback));
        }

        private static Setting<string> Checked(string path, SettingSource source, string? origin, string? baseDirectory, Func<string, TelemetryException> invalid)
        {
            var full = SettingFolder.Resolve(path, baseDirectory, invalid);
            return new Setting<string>("Directory", full, source, origin);
        }

        /// <summary>
        /// Parameter &gt; environment variable &gt; config file &gt; default, each value held to the same rule. A bad
        /// parameter is a validation error naming the parameter; a bad variable or file value is a configuration error
        /// naming the variable (or the file and its key), never a parameter the user did not pass.
        /// </summary>
        private static Setting<T> Pick<T>(string name, string fileKey, T? parameter, string variable, Func<string, string?> env,
            Rule<T> rule, T? fromFile, string configFile, T fallback) where T : struct
        {
            if (parameter is T p)
            {
                if (!rule.Valid(p)) throw new TelemetryValidationException(name, Text(p), rule.Problem);
                return new Setting<T>(name, p, SettingSource.Parameter, null);
            }
            string? raw = env(variable);
            // Empty means unset (VAR= command); anything else, blanks included, must be a valid value.
            if (!string.IsNullOrEmpty(raw))
            {
                T? parsed = rule.Parse(raw!.Trim());
                if (parsed is not T value || !rule.Valid(value)) throw BadVariable(variable, raw!, "expected " + rule.Expected);
                return new Setting<T>(name, value, SettingSource.Environment, variable);
            }
            if (fromFile is T f)
            {
                if (!rule.Valid(f)) throw BadFileValue(configFile, fileKey, Text(f), rule.Problem);
                return new Setting<T>(name, f, SettingSource.ConfigFile, configFile);
            }
            return new Setting<T>(name, fallback, SettingSource.Default, null);
        }

        /// <summary>
        /// <see cref="Pick{T}"/> for text: parameter &gt; variable &gt; file &gt; default. A non-empty value is checked by
        /// <paramref name="check"/>, given the error (value as shown, problem) of where the value came from: the
        /// parameter, the variable, or the file and its key. "" means unset, as for every variable.
        /// </summary>
        private static Setting<string> PickText(string name, string fileKey, string? parameter, string variable, Func<string, string?> env,
            string? fromFile, string configFile, string fallback, Action<string, Func<string, string, TelemetryException>> check)
        {
            if (parameter is not null)
            {
                if (parameter.Length > 0) check(parameter, (shown, why) => new TelemetryValidationException(name, shown, why));
                return new Setting<string>(name, parameter, SettingSource.Parameter, null);
            }
            string? raw = env(variable);
            if (!string.IsNullOrEmpty(raw))
            {
                check(raw!, (shown, why) => BadVariable(variable, shown, why));
                return new Setting<string>(name, raw!, SettingSource.Environment, variable);
            }
            if (!string.IsNullOrEmpty(fromFile))
            {
                check(fromFile!, (shown, why) => BadFileValue(configFile, fileKey, shown, why));
                return new Setting<string>(name, fromFile!, SettingSource.ConfigFile, configFile);
            }
            return new Setting<string>(name, fallback, SettingSource.Default, null);
        }

        private static TelemetryException BadVariable(string variable, string raw, string why)
            => new TelemetryEnvironmentException(variable, raw, why);

        private static TelemetryException BadFileValue(string configFile, string key, string value, string why)
            => new TelemetryException(TelemetryErrorCode.ConfigurationError, $"{configFile}: field '{key}' is not valid: {why} (got '{ShownValue.Of(value)}')", configFile, TelemetryOperation.Read);

        private static string Text<T>(T value) => value is IFormattable f ? f.ToString(null, CultureInfo.InvariantCulture) : value?.ToString() ?? "";

        /// <summary>How a setting is read from text and which values it takes.</summary>
        private sealed class Rule<T> where T : struct
        {
            public Rule(Func<string, T?> parse, Func<T, bool> valid, string expected, string problem)
            {
                Parse = parse;
                Valid = valid;
                Expected = expected;
                Problem = problem;
            }

            public Func<string, T?> Parse { get; }
            public Func<T, bool> Valid { get; }

            /// <summary>"a whole number ≥ 1": what a variable must hold.</summary>
            public string Expected { get; }

            /// <summary>"must be at least 1": what is wrong with a parameter or file value that breaks the rule.</summary>
            public string Problem { get; }
        }

        private static readonly Rule<bool> BoolRule = new Rule<bool>(ParseBool, _ => true, "true or false", "must be true or false");
        private static readonly Rule<int> PositiveRule = new Rule<int>(ParseDays, v => v >= 1, "a whole number ≥ 1", "must be at least 1");
        private static readonly Rule<int> PushTimeoutRule = new Rule<int>(ParseDays, v => v >= 1 && v <= MaxPushgatewayTimeoutMs,
            "a whole number of milliseconds from 1 to " + MaxPushgatewayTimeoutMs.ToString(CultureInfo.InvariantCulture), "must be from 1 to " + MaxPushgatewayTimeoutMs.ToString(CultureInfo.InvariantCulture) + " ms");
        private static readonly Rule<int> HistoryRule = new Rule<int>(ParseDays, v => v >= 0 && v <= MaxRetentionDays,
            "0 (forever) or a whole number up to " + MaxRetentionDays.ToString(CultureInfo.InvariantCulture), "must be 0 (forever) or from 1 to " + MaxRetentionDays.ToString(CultureInfo.InvariantCulture));
        private static readonly Rule<int> RetentionRule = new Rule<int>(ParseDays, v => v >= 1 && v <= MaxRetentionDays,
            "a whole number from 1 to " + MaxRetentionDays.ToString(CultureInfo.InvariantCulture), "must be from 1 to " + MaxRetentionDays.ToString(CultureInfo.InvariantCulture));

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
