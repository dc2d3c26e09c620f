using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using LlmTelemetry.Configuration;
using LlmTelemetry.Records;
using Xunit;

namespace LlmTelemetry.Tests.Hostile
{
    /// <summary>
    /// Every LLM_* variable the settings read, with hostile values, and the store folder named every way (parameter,
    /// variable, config file) pointing at things that are not folders. The rule: an empty variable is unset; any other
    /// value is valid or refused with a <see cref="TelemetryEnvironmentException"/> naming the variable (the CLI exits 1);
    /// a folder setting that is not a folder and cannot become one is refused naming where it was set.
    /// </summary>
    public sealed class HostileEnvironmentTests : IDisposable
    {
        private readonly string _dir = Path.Combine(Path.GetTempPath(), "llmt-hostile-env-" + Guid.NewGuid().ToString("N"));

        public HostileEnvironmentTests() => Directory.CreateDirectory(_dir);

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private string ConfigFile => Path.Combine(_dir, "config", "config.json");

        private TelemetrySettings Resolve(IDictionary<string, string?> env, string? root = null)
            => TelemetrySettings.Resolve(new StoreOptions { ConfigFile = ConfigFile, Environment = new Dictionary<string, string?>(env), Root = root, BaseDirectory = _dir });

        private static readonly string[] BoolVariables = { TelemetrySettings.StorageVariable, TelemetrySettings.StorePromptsVariable, TelemetrySettings.StoreResponsesVariable };

        private static readonly string[] BadBools = { "maybe", "2", "-1", "truee", "yes please", " ", "\t", "\u001b[31mtrue", "null", "Y", "t", "true\nfalse", "\u00A0" };
        private static readonly (string Text, bool Value)[] GoodBools = { ("TRUE", true), (" true ", true), ("Yes", true), ("on", true), ("1", true), ("OFF", false), ("0", false), ("no", false) };

        private static readonly string[] BadNumbers = { "abc", "0", "-5", "99999999999", "1.5", "1e3", "0x10", "\u0663", " ", "5 days", "--5", "2147483648", "\u001b[2J" };

        public static IEnumerable<object[]> BadValues()
        {
            foreach (var v in BoolVariables) foreach (var bad in BadBools) yield return new object[] { v, Shown(bad) };
            foreach (var v in new[] { TelemetrySettings.RetentionVariable, TelemetrySettings.MaxSizeVariable }) foreach (var bad in BadNumbers) yield return new object[] { v, Shown(bad) };
            yield return new object[] { TelemetrySettings.RetentionVariable, "365001" };
            yield return new object[] { TelemetrySettings.RetentionVariable, "2147483647" };
            foreach (var bad in new[] { " ", "\t", "/tmp/llmt\nstore", "/tmp/\u001b[31mred", "\u0007" })
                yield return new object[] { TelemetrySettings.DirectoryVariable, Shown(bad) };
        }

        [Theory]
        [MemberData(nameof(BadValues))]
        public void A_bad_value_is_refused_naming_the_variable(string variable, string shown)
        {
            string value = Unshown(shown);
            var ex = Assert.Throws<TelemetryEnvironmentException>(() => Resolve(new Dictionary<string, string?> { [variable] = value }));
            Assert.Equal(variable, ex.Variable);
            Assert.Equal(value, ex.Value);
            Assert.StartsWith("environment variable " + variable + "=", ex.Message);
            Assert.Equal(TelemetryErrorCode.ConfigurationError, ex.Code);
            Assert.DoesNotContain(ex.Message, c => char.IsControl(c)); // shown escaped, never replayed into a terminal
        }

        public static IEnumerable<object[]> GoodValues()
        {
            foreach (var v in BoolVariables) foreach (var (text, value) in GoodBools) yield return new object[] { v, text, value ? "True" : "False" };
            foreach (var v in new[] { TelemetrySettings.RetentionVariable, TelemetrySettings.MaxSizeVariable })
                foreach (var (text, value) in new[] { ("1", "1"), (" 30 ", "30"), ("+5", "5"), ("365000", "365000") }) yield return new object[] { v, text, value };
            yield return new object[] { TelemetrySettings.MaxSizeVariable, "2147483647", "2147483647" };
        }

        [Theory]
        [MemberData(nameof(GoodValues))]
        public void A_good_value_is_taken_as_stated(string variable, string text, string expected)
        {
            var s = Resolve(new Dictionary<string, string?> { [variable] = text });
            var setting = SettingsReport.Describe(s).Single(e => e.Variable == variable);
            Assert.Equal(expected, Convert.ToString(setting.Value, System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(SettingSource.Environment, setting.Source);
        }

        [Theory]
        [InlineData(TelemetrySettings.StorageVariable)]
        [InlineData(TelemetrySettings.RetentionVariable)]
        [InlineData(TelemetrySettings.DirectoryVariable)]
        public void An_empty_variable_is_unset(string variable)
        {
            var s = Resolve(new Dictionary<string, string?> { [variable] = "" });
            Assert.All(SettingsReport.Describe(s), e => Assert.NotEqual(SettingSource.Environment, e.Source));
        }

        /// <summary>What a folder setting can point at that is not a folder.</summary>
        public static IEnumerable<object[]> NotFolders()
        {
            foreach (var kind in new[] { "file", "dangling-link", "link-loop", "inside-a-file", "link-to-file" })
                foreach (var origin in new[] { "parameter", "variable", "config-file" })
                    yield return new object[] { kind, origin };
        }

        [Theory]
        [MemberData(nameof(NotFolders))]
        public void A_store_folder_that_is_not_a_folder_is_refused_naming_where_it_was_set(string kind, string origin)
        {
            string path = Make(kind);
            var env = new Dictionary<string, string?>();
            string? root = null;
            if (origin == "parameter") root = path;
            else if (origin == "variable") env[TelemetrySettings.DirectoryVariable] = path;
            else
            {
                Directory.CreateDirectory(Path.GetDirectoryName(ConfigFile)!);
                File.WriteAllText(ConfigFile, "{\"directory\": " + System.Text.Json.JsonSerializer.Serialize(path) + "}");
            }
            var ex = Assert.ThrowsAny<TelemetryException>(() => Resolve(env, root));
            Assert.Contains(path, ex.Message);
            Assert.Contains(kind == "inside-a-file" ? "inside" : kind.Contains("link") ? "symbolic link" : "a file, not a folder", ex.Message);
            switch (origin)
            {
                case "parameter": Assert.Equal("Directory", Assert.IsType<TelemetryValidationException>(ex).Field); break;
                case "variable": Assert.Equal(TelemetrySettings.DirectoryVariable, Assert.IsType<TelemetryEnvironmentException>(ex).Variable); break;
                default: Assert.Equal(TelemetryErrorCode.ConfigurationError, ex.Code); Assert.Contains(ConfigFile, ex.Message); break;
            }
        }

        [Theory]
        [InlineData("")]
        [InlineData(" ")]
        [InlineData("\t")]
        [InlineData("store\u001b[31m")]
        [InlineData("a\nb")]
        public void An_empty_or_control_character_store_parameter_is_refused(string root)
        {
            // "--dir ''" used to mean the default store: an unset shell variable would write to the wrong place.
            var ex = Assert.Throws<TelemetryValidationException>(() => Resolve(new Dictionary<string, string?>(), root));
            Assert.Equal("Directory", ex.Field);
        }

        [Theory]
        [InlineData("new-store")]
        [InlineData("deep/er/store")]
        [InlineData(".llm-telemetry")]
        public void A_folder_that_does_not_exist_yet_is_a_store_to_create(string relative)
        {
            var s = Resolve(new Dictionary<string, string?>(), relative);
            Assert.Equal(Path.Combine(_dir, relative), s.Directory.Value);
        }

        private string Make(string kind)
        {
            string file = Path.Combine(_dir, "a-file");
            if (!File.Exists(file)) File.WriteAllText(file, "not a folder");
            string path = Path.Combine(_dir, kind);
            switch (kind)
            {
                case "file": File.WriteAllText(path, "x"); return path;
                case "dangling-link": File.CreateSymbolicLink(path, Path.Combine(_dir, "nowhere")); return path;
                case "link-loop":
                    File.CreateSymbolicLink(path, path + "-2");
                    File.CreateSymbolicLink(path + "-2", path);
                    return path;
                case "link-to-file": File.CreateSymbolicLink(path, file); return path;
                default: return Path.Combine(file, "store");
            }
        }

        // Theory arguments appear in test names; control characters are carried escaped.
        private static string Shown(string s) => string.Concat(s.Select(c => char.IsControl(c) || c > 126 ? "\\u" + ((int)c).ToString("X4") : c.ToString()));

        private static string Unshown(string s) => System.Text.RegularExpressions.Regex.Replace(s, @"\\u([0-9A-F]{4})", m => ((char)Convert.ToInt32(m.Groups[1].Value, 16)).ToString());
    }
}
