using System;
using System.IO;
using System.Runtime.InteropServices;
using LlmTelemetry.Records;

namespace LlmTelemetry.Configuration
{
    /// <summary>Where the per-user data and configuration live on each OS. Computed, never cached, so tests can move HOME.</summary>
    public static class ConfigPaths
    {
        public const string AppFolder = "llm-telemetry";

        public const string ConfigDirectoryVariable = "LLM_TELEMETRY_CONFIG_DIR";

        /// <summary>LLM_TELEMETRY_CONFIG_DIR, else $XDG_CONFIG_HOME/llm-telemetry, ~/.config/llm-telemetry, or %APPDATA%\llm-telemetry.</summary>
        public static string ConfigDirectory
        {
            get
            {
                var explicitDir = Environment.GetEnvironmentVariable(ConfigDirectoryVariable);
                if (!string.IsNullOrEmpty(explicitDir))
                    return SettingFolder.Resolve(explicitDir!, null, problem => new TelemetryEnvironmentException(ConfigDirectoryVariable, explicitDir, problem));
                if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                    return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.ApplicationData), AppFolder);
                var xdg = Environment.GetEnvironmentVariable("XDG_CONFIG_HOME");
                if (!string.IsNullOrWhiteSpace(xdg)) return Path.Combine(xdg, AppFolder);
                return Path.Combine(Home, ".config", AppFolder);
            }
        }

        /// <summary>The default store root: $XDG_DATA_HOME/llm-telemetry, ~/.local/share/llm-telemetry, or %LOCALAPPDATA%\llm-telemetry.</summary>
        public static string DefaultDataDirectory
        {
            get
            {
                if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                    return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), AppFolder);
                var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
                if (!string.IsNullOrWhiteSpace(xdg)) return Path.Combine(xdg, AppFolder);
                return Path.Combine(Home, ".local", "share", AppFolder);
            }
        }

        /// <summary>
        /// Where dashboards go when no file is named: $XDG_CACHE_HOME/llm-telemetry/reports, ~/.cache/llm-telemetry/reports,
        /// or %LOCALAPPDATA%\llm-telemetry\reports. Per user, because a predictable name in the shared temp folder lets
        /// another user plant a link there first.
        /// </summary>
        public static string ReportsDirectory => Path.Combine(CacheDirectory, "reports");

        /// <summary>$XDG_CACHE_HOME/llm-telemetry (an absolute value only, as the XDG spec says), ~/.cache/llm-telemetry, or %LOCALAPPDATA%\llm-telemetry.</summary>
        public static string CacheDirectory
        {
            get
            {
                if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
                    return Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData), AppFolder);
                var xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
                if (!string.IsNullOrWhiteSpace(xdg) && Path.IsPathRooted(xdg)) return Path.Combine(xdg, AppFolder);
                if (!Path.IsPathRooted(Home))
                    throw new TelemetryException(TelemetryErrorCode.ConfigurationError,
                        "no per-user folder for reports: HOME is not set (or not absolute) and neither is XDG_CACHE_HOME; name the file to write");
                return Path.Combine(Home, ".cache", AppFolder);
            }
        }

        /// <summary>The user's settings file written by Set-LlmTelemetryConfig.</summary>
        public static string ConfigFile => Path.Combine(ConfigDirectory, "config.json");

        /// <summary>The user's model and price overrides, merged over the built-in registry.</summary>
        public static string ModelOverridesFile => Path.Combine(ConfigDirectory, "models.json");

        private static string Home
        {
            get
            {
                var home = Environment.GetEnvironmentVariable("HOME");
                return string.IsNullOrWhiteSpace(home) ? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) : home!;
            }
        }
    }
}
