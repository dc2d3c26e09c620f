using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using LlmTelemetry.Records;
using LlmTelemetry.Storage;

namespace LlmTelemetry.Configuration
{
    /// <summary>The user's persisted settings (config.json), written by Set-LlmTelemetryConfig. Null means "not set here".</summary>
    public sealed record UserConfig
    {
        [JsonPropertyName("storage_enabled")] public bool? StorageEnabled { get; init; }
        [JsonPropertyName("directory")] public string? Directory { get; init; }
        [JsonPropertyName("retention_days")] public int? RetentionDays { get; init; }
        [JsonPropertyName("max_size_mb")] public int? MaxSizeMB { get; init; }
        [JsonPropertyName("history_days")] public int? HistoryDays { get; init; }
        [JsonPropertyName("history_max_size_mb")] public int? HistoryMaxSizeMB { get; init; }
        [JsonPropertyName("store_prompts")] public bool? StorePrompts { get; init; }
        [JsonPropertyName("store_responses")] public bool? StoreResponses { get; init; }
        [JsonPropertyName("pushgateway_url")] public string? PushgatewayUrl { get; init; }
        [JsonPropertyName("pushgateway_job")] public string? PushgatewayJob { get; init; }
        [JsonPropertyName("pushgateway_timeout_ms")] public int? PushgatewayTimeoutMs { get; init; }

        /// <summary>The status line's thresholds and colours (Get-LlmStatus, Write-LlmStatus, <c>statusline</c>).</summary>
        [JsonPropertyName("status")] public Status.StatusConfig? Status { get; init; }

        /// <summary>Spending limits (Set-LlmBudget, `budget set`); written through <see cref="LlmTelemetry.Budgets.BudgetConfig"/>.</summary>
        [JsonPropertyName("budgets")] public IReadOnlyList<LlmTelemetry.Budgets.Budget>? Budgets { get; init; }

        /// <summary>The warning percentages of a budget that names none (default 50, 80, 100).</summary>
        [JsonPropertyName("budget_thresholds")] public IReadOnlyList<int>? BudgetThresholds { get; init; }

        /// <summary>The command run with each alert on stdin for a budget that names none.</summary>
        [JsonPropertyName("budget_hook")] public string? BudgetHook { get; init; }

        /// <summary>
        /// Held around every read-modify-write of the config file (config.json.lock beside it), so two processes that
        /// change it at once (two `budget set`) both land instead of the later save dropping the other's change.
        /// </summary>
        internal static StoreLock LockFor(string path)
        {
            var full = Path.GetFullPath(path);
            FileSystem.EnsureDirectory(Path.GetDirectoryName(full)!);
            return StoreLock.OnFile(full + ".lock", TimeSpan.FromSeconds(10));
        }

        /// <summary>Reads <paramref name="path"/>; a missing file is an empty config, a malformed one an error naming file, line and field.</summary>
        public static UserConfig Load(string path)
        {
            if (!File.Exists(path)) return new UserConfig();
            string text;
            try { text = File.ReadAllText(path, Encoding.UTF8); }
            catch (Exception ex) when (ex is IOException || ex is UnauthorizedAccessException) { throw TelemetryException.ForIo(TelemetryOperation.Read, path, ex); }
            try
            {
                return JsonSerializer.Deserialize(text, ConfigJsonContext.Default.UserConfig) ?? new UserConfig();
            }
            catch (JsonException ex)
            {
                throw new TelemetryException(TelemetryErrorCode.ConfigurationError,
                    $"{path}: line {(ex.LineNumber ?? 0) + 1}, field '{ex.Path ?? "$"}': {ex.Message}", path, TelemetryOperation.Read, ex);
            }
        }

        /// <summary>
        /// Writes atomically through <see cref="OutputFile"/> (a private temp file renamed over it) so a crash never leaves
        /// a half-written config; a link the user made there is followed, as for the model overrides.
        /// </summary>
        public void Save(string path)
        {
            var json = JsonSerializer.Serialize(this, ConfigJsonContext.Default.UserConfig);
            var full = Path.GetFullPath(path);
            FileSystem.EnsureDirectory(Path.GetDirectoryName(full)!);
            OutputFile.WriteText(full, json, OutputPolicy.Named, durable: true);
        }
    }
}
