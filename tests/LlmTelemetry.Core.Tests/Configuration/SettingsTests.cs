using System;
using System.Collections.Generic;
using System.IO;
using LlmTelemetry.Configuration;
using LlmTelemetry.Records;
using Xunit;

namespace LlmTelemetry.Tests.Configuration
{
    public sealed class SettingsTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "llmt-cfg-" + Guid.NewGuid().ToString("N"));
        private string ConfigFile => Path.Combine(_dir, "config.json");

        [Fact]
        public void Parameter_beats_environment_beats_config_file_beats_default_and_each_says_where_it_came_from()
        {
            new UserConfig { RetentionDays = 90, MaxSizeMB = 500, StorePrompts = true, Directory = Path.Combine(_dir, "from-file") }.Save(ConfigFile);
            var env = new Dictionary<string, string?> { ["LLM_RETENTION_DAYS"] = "60", ["LLM_TELEMETRY_DIR"] = Path.Combine(_dir, "from-env") };
            var s = TelemetrySettings.Resolve(new StoreOptions { ConfigFile = ConfigFile, Environment = env, RetentionDays = 7 });

            Assert.Equal(7, s.RetentionDays.Value);
            Assert.Equal(SettingSource.Parameter, s.RetentionDays.Source);
            Assert.Equal(Path.Combine(_dir, "from-env"), s.Directory.Value);
            Assert.Equal(SettingSource.Environment, s.Directory.Source);
            Assert.Equal("LLM_TELEMETRY_DIR", s.Directory.Origin);
            Assert.Equal(500, s.MaxSizeMB.Value);
            Assert.Equal(SettingSource.ConfigFile, s.MaxSizeMB.Source);
            Assert.Equal(ConfigFile, s.MaxSizeMB.Origin);
            Assert.True(s.StorePrompts.Value);
            Assert.False(s.StoreResponses.Value);
            Assert.Equal(SettingSource.Default, s.StoreResponses.Source);
            Assert.True(s.StorageEnabled.Value);

            var noParam = TelemetrySettings.Resolve(new StoreOptions { ConfigFile = ConfigFile, Environment = env });
            Assert.Equal(60, noParam.RetentionDays.Value);
            var noEnv = TelemetrySettings.Resolve(new StoreOptions { ConfigFile = ConfigFile, Environment = new Dictionary<string, string?>() });
            Assert.Equal(90, noEnv.RetentionDays.Value);
            Assert.Equal(Path.Combine(_dir, "from-file"), noEnv.Directory.Value);
        }

        [Fact]
        public void Defaults_follow_the_architecture()
        {
            var home = Path.Combine(_dir, "home");
            var s = TelemetrySettings.Resolve(new StoreOptions { ConfigFile = ConfigFile, Environment = new Dictionary<string, string?>() });
            Assert.Equal(30, s.RetentionDays.Value);
            Assert.Equal(100, s.MaxSizeMB.Value);
            Assert.False(s.StorePrompts.Value);
            Assert.EndsWith("llm-telemetry", s.Directory.Value);
        }

        [Fact]
        public void A_relative_directory_is_taken_against_the_current_folder()
        {
            var env = new Dictionary<string, string?> { ["LLM_TELEMETRY_DIR"] = ".llm-telemetry" };
            var s = TelemetrySettings.Resolve(new StoreOptions { ConfigFile = ConfigFile, Environment = env });
            Assert.Equal(Path.Combine(Environment.CurrentDirectory, ".llm-telemetry"), s.Directory.Value);
        }

        [Fact]
        public void A_malformed_environment_value_names_the_variable()
        {
            var env = new Dictionary<string, string?> { ["LLM_STORE_PROMPTS"] = "sometimes" };
            var ex = Assert.Throws<TelemetryEnvironmentException>(() => TelemetrySettings.Resolve(new StoreOptions { ConfigFile = ConfigFile, Environment = env }));
            Assert.Equal(TelemetryErrorCode.ConfigurationError, ex.Code);
            Assert.Contains("LLM_STORE_PROMPTS", ex.Message);
        }

        /// <summary>
        /// A value out of range names where it came from: LLM_RETENTION_DAYS=0 used to be reported as the parameter
        /// "RetentionDays" (which the CLI then printed as a --RetentionDays option that does not exist).
        /// </summary>
        [Fact]
        public void An_out_of_range_value_names_the_variable_the_file_key_or_the_parameter_it_came_from()
        {
            var zero = new Dictionary<string, string?> { ["LLM_RETENTION_DAYS"] = "0" };
            var fromEnv = Assert.Throws<TelemetryEnvironmentException>(() => TelemetrySettings.Resolve(new StoreOptions { ConfigFile = ConfigFile, Environment = zero }));
            Assert.Equal("LLM_RETENTION_DAYS", fromEnv.Variable);
            Assert.Equal(TelemetryErrorCode.ConfigurationError, fromEnv.Code);
            Assert.Equal("environment variable LLM_RETENTION_DAYS='0' is not valid: expected a whole number from 1 to 365000", fromEnv.Message);

            new UserConfig { MaxSizeMB = -5 }.Save(ConfigFile);
            var fromFile = Assert.Throws<TelemetryException>(() => TelemetrySettings.Resolve(new StoreOptions { ConfigFile = ConfigFile, Environment = new Dictionary<string, string?>() }));
            Assert.IsNotType<TelemetryValidationException>(fromFile);
            Assert.Equal(TelemetryErrorCode.ConfigurationError, fromFile.Code);
            Assert.Equal(ConfigFile + ": field 'max_size_mb' is not valid: must be at least 1 (got '-5')", fromFile.Message);

            var fromParameter = Assert.Throws<TelemetryValidationException>(() => TelemetrySettings.Resolve(new StoreOptions { ConfigFile = ConfigFile, Environment = zero, RetentionDays = 0 }));
            Assert.Equal("RetentionDays", fromParameter.Field);
        }

        [Fact]
        public void A_malformed_config_file_names_the_file_line_and_field()
        {
            Directory.CreateDirectory(_dir);
            File.WriteAllText(ConfigFile, "{\n  \"retention_days\": 30,\n  \"max_size_mb\": \"lots\"\n}");
            var ex = Assert.Throws<TelemetryException>(() => TelemetrySettings.Resolve(new StoreOptions { ConfigFile = ConfigFile, Environment = new Dictionary<string, string?>() }));
            Assert.Contains(ConfigFile, ex.Message);
            Assert.Contains("line 3", ex.Message);
            Assert.Contains("max_size_mb", ex.Message);
        }

        [Fact]
        public void The_call_context_reads_project_and_branch_without_git()
        {
            var repo = Path.Combine(_dir, "spacewalker");
            Directory.CreateDirectory(Path.Combine(repo, ".git"));
            Directory.CreateDirectory(Path.Combine(repo, "src", "deep"));
            File.WriteAllText(Path.Combine(repo, ".git", "HEAD"), "ref: refs/heads/feature/x\n");
            var ctx = CallContext.Detect(Path.Combine(repo, "src", "deep"));
            Assert.Equal("spacewalker", ctx.Project);
            Assert.Equal("feature/x", ctx.GitBranch);
            Assert.Equal(Environment.MachineName, ctx.Host);

            var plain = Path.Combine(Path.GetTempPath(), "llmt-plain-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(plain);
            try
            {
                var none = CallContext.Detect(plain);
                Assert.Equal(Path.GetFileName(plain), none.Project);
            }
            finally { Directory.Delete(plain); }
        }

        public void Dispose()
        {
            if (Directory.Exists(_dir)) Directory.Delete(_dir, true);
        }
    }
}
