using System;
using System.Collections.Generic;
using System.IO;
using LlmTelemetry.Configuration;
using Xunit;

namespace LlmTelemetry.Tests.Configuration
{
    public sealed class BaseDirectoryTests
    {
        private static readonly string Base = Path.Combine(Path.GetTempPath(), "llmt-base-" + Guid.NewGuid().ToString("N"));

        [Fact]
        public void A_relative_store_directory_is_taken_against_the_given_base_not_the_process_folder()
        {
            var env = new Dictionary<string, string?> { ["LLM_TELEMETRY_DIR"] = ".llm-telemetry" };
            var s = TelemetrySettings.Resolve(new StoreOptions { Environment = env, BaseDirectory = Base, ConfigFile = Path.Combine(Base, "none.json") });
            Assert.Equal(Path.Combine(Base, ".llm-telemetry"), s.Directory.Value);
        }

        [Fact]
        public void An_absolute_directory_ignores_the_base()
        {
            var absolute = Path.Combine(Path.GetTempPath(), "elsewhere");
            var s = TelemetrySettings.Resolve(new StoreOptions { Root = absolute, BaseDirectory = Base, Environment = new Dictionary<string, string?>(), ConfigFile = Path.Combine(Base, "none.json") });
            Assert.Equal(absolute, s.Directory.Value);
        }
    }
}
