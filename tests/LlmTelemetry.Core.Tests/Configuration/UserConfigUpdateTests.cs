using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using LlmTelemetry.Configuration;
using LlmTelemetry.Records;
using Xunit;

namespace LlmTelemetry.Tests.Configuration
{
    public sealed class UserConfigUpdateTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "llmt-cfgu-" + Guid.NewGuid().ToString("N"));
        private string ConfigFile => Path.Combine(_dir, "config.json");

        [Fact]
        public void Applying_a_change_keeps_the_values_it_does_not_set()
        {
            new UserConfig { RetentionDays = 90, StorePrompts = true }.Save(ConfigFile);
            var saved = UserConfigUpdate.Apply(ConfigFile, new UserConfig { RetentionDays = 180, StorePrompts = false });
            Assert.Equal(180, saved.RetentionDays);
            Assert.False(saved.StorePrompts);
            var reread = UserConfig.Load(ConfigFile);
            Assert.Equal(saved, reread);
            Assert.Null(reread.MaxSizeMB);
        }

        [Fact]
        public void Bad_values_are_rejected_naming_the_setting_and_nothing_is_written()
        {
            Assert.Equal("RetentionDays", Assert.Throws<TelemetryValidationException>(() => UserConfigUpdate.Apply(ConfigFile, new UserConfig { RetentionDays = 0 })).Field);
            Assert.Equal("MaxSizeMB", Assert.Throws<TelemetryValidationException>(() => UserConfigUpdate.Apply(ConfigFile, new UserConfig { MaxSizeMB = -5 })).Field);
            Assert.Equal("Directory", Assert.Throws<TelemetryValidationException>(() => UserConfigUpdate.Apply(ConfigFile, new UserConfig { Directory = " " })).Field);
            Assert.False(File.Exists(ConfigFile));
        }

        [Fact]
        public void The_settings_report_lists_every_setting_with_value_source_origin_and_variable()
        {
            new UserConfig { RetentionDays = 45 }.Save(ConfigFile);
            var env = new Dictionary<string, string?> { ["LLM_STORE_PROMPTS"] = "true" };
            var settings = TelemetrySettings.Resolve(new StoreOptions { ConfigFile = ConfigFile, Environment = env, MaxSizeMB = 5 });
            var rows = SettingsReport.Describe(settings);
            Assert.Equal(new[] { "StorageEnabled", "Directory", "RetentionDays", "MaxSizeMB", "HistoryDays", "HistoryMaxSizeMB", "StorePrompts", "StoreResponses", "PushgatewayUrl", "PushgatewayJob", "PushgatewayTimeoutMs" }, rows.Select(r => r.Name));
            var retention = rows.Single(r => r.Name == "RetentionDays");
            Assert.Equal(45, retention.Value);
            Assert.Equal(SettingSource.ConfigFile, retention.Source);
            Assert.Equal(ConfigFile, retention.Origin);
            Assert.Equal("LLM_RETENTION_DAYS", retention.Variable);
            var prompts = rows.Single(r => r.Name == "StorePrompts");
            Assert.Equal(true, prompts.Value);
            Assert.Equal(SettingSource.Environment, prompts.Source);
            Assert.Equal("LLM_STORE_PROMPTS", prompts.Origin);
            Assert.Equal(SettingSource.Parameter, rows.Single(r => r.Name == "MaxSizeMB").Source);
            Assert.Equal(SettingSource.Default, rows.Single(r => r.Name == "StoreResponses").Source);
            var history = rows.Single(r => r.Name == "HistoryDays");
            Assert.Equal((730, SettingSource.Default, "LLM_HISTORY_DAYS"), ((int)history.Value, history.Source, history.Variable));
            var historyCap = rows.Single(r => r.Name == "HistoryMaxSizeMB");
            Assert.Equal((50, SettingSource.Default, "LLM_HISTORY_MAX_SIZE_MB"), ((int)historyCap.Value, historyCap.Source, historyCap.Variable));
        }

        public void Dispose()
        {
            if (Directory.Exists(_dir)) Directory.Delete(_dir, recursive: true);
        }
    }
}
