using System.IO;
using System.Linq;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using LlmTelemetry.PowerShell.Tests.Support;
using Xunit;
using static LlmTelemetry.PowerShell.Tests.Support.ModuleAssembly;

namespace LlmTelemetry.PowerShell.Tests
{
    public sealed class ManifestAndFormatTests
    {
        private static string Manifest => File.ReadAllText(Path.Combine(RepoRoot, "LlmTelemetry.psd1"));

        private static string Value(string key)
        {
            var m = Regex.Match(Manifest, @"^\s*" + key + @"\s*=\s*'([^']*)'", RegexOptions.Multiline);
            Assert.True(m.Success, key + " missing from LlmTelemetry.psd1");
            return m.Groups[1].Value;
        }

        private static string[] List(string key)
        {
            var m = Regex.Match(Manifest, @"^\s*" + key + @"\s*=\s*@\(([^)]*)\)", RegexOptions.Multiline);
            Assert.True(m.Success, key + " missing from LlmTelemetry.psd1");
            return Regex.Matches(m.Groups[1].Value, "'([^']*)'").Select(x => x.Groups[1].Value).ToArray();
        }

        [Fact]
        public void CmdletsToExport_lists_exactly_the_cmdlet_classes_without_wildcards()
        {
            var exported = List("CmdletsToExport");
            Assert.DoesNotContain(exported, n => n.Contains('*'));
            Assert.Equal(CmdletTypes.Select(CmdletName).OrderBy(n => n), exported.OrderBy(n => n));
            Assert.Empty(List("FunctionsToExport"));
            Assert.Empty(List("AliasesToExport"));
        }

        [Fact]
        public void The_manifest_loads_this_dll_on_both_editions_from_5_1_with_the_format_file()
        {
            Assert.Equal(Path.GetFileName(DllPath), Value("RootModule"));
            Assert.Equal(new[] { "Desktop", "Core" }, List("CompatiblePSEditions"));
            Assert.Equal("5.1", Value("PowerShellVersion"));
            Assert.Equal(new[] { "LlmTelemetry.format.ps1xml" }, List("FormatsToProcess"));
            Assert.True(File.Exists(Path.Combine(OutputFolder, "LlmTelemetry.format.ps1xml")), "the format file ships beside the dll");
            Assert.True(File.Exists(Path.Combine(OutputFolder, "System.Text.Json.dll")), "System.Text.Json ships beside the dll for Windows PowerShell");
            Assert.False(File.Exists(Path.Combine(OutputFolder, "System.Management.Automation.dll")), "PowerShell supplies System.Management.Automation");
        }

        [Fact]
        public void The_manifest_version_is_the_one_in_Directory_Build_props()
        {
            var props = XDocument.Load(Path.Combine(RepoRoot, "Directory.Build.props"));
            var prefix = props.Descendants("VersionPrefix").Single().Value;
            Assert.Equal(prefix, Value("ModuleVersion"));
        }

        [Fact]
        public void Every_output_type_has_a_table_view_in_the_format_file()
        {
            var format = XDocument.Load(Path.Combine(RepoRoot, "src", "LlmTelemetry.PowerShell", "LlmTelemetry.format.ps1xml"));
            var tabled = format.Descendants("View").Where(v => v.Element("TableControl") is not null)
                .SelectMany(v => v.Descendants("TypeName")).Select(t => t.Value).ToHashSet();
            var outputs = CmdletTypes.SelectMany(CmdletContractTests.OutputTypes).Select(t => t.FullName!)
                .Where(t => !CmdletContractTests.PowerShellOwnOutputs.Contains(t)).Distinct().ToList();
            Assert.NotEmpty(outputs);
            foreach (var type in outputs) Assert.Contains(type, tabled);

            // Every column names a real property of its type (or is a script block).
            foreach (var view in format.Descendants("View"))
            {
                var type = BuiltAssembly.GetType(view.Descendants("TypeName").Single().Value)!;
                foreach (var property in view.Descendants("PropertyName")) Assert.NotNull(type.GetProperty(property.Value));
            }
        }
    }
}
