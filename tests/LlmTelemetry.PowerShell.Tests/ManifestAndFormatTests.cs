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

        /// <summary>
        /// PowerShell lays a table out in the screen width (79 in an 80-column console, 80 for Out-String -Width 80) by
        /// dropping columns from the right, but it squeezes the last one into whatever room is left, down to one
        /// character, wrapping its header into fragments. Every table view therefore leaves no room at those widths:
        /// its columns end exactly at 79 or take the rest of the line; and all of them fit in 119.
        /// (tests/pester/Views.Tests.ps1 renders the views with real objects where PowerShell runs.)
        /// </summary>
        [Fact]
        public void Table_views_fit_80_and_120_columns_without_squeezing_a_column()
        {
            var format = XDocument.Load(Path.Combine(RepoRoot, "src", "LlmTelemetry.PowerShell", "LlmTelemetry.format.ps1xml"));
            var tables = format.Descendants("View").Where(v => v.Element("TableControl") is not null).ToList();
            Assert.NotEmpty(tables);
            foreach (var view in tables)
            {
                var name = view.Element("Name")!.Value;
                var columns = view.Descendants("TableColumnHeader")
                    .Select(h => (Label: h.Element("Label")?.Value ?? "", Width: int.Parse(h.Element("Width")?.Value ?? "0")))
                    .ToList();
                Assert.All(columns, c => Assert.False(string.IsNullOrEmpty(c.Label), name + ": every column has a label"));
                // A column without a width anywhere but last makes PowerShell size every column to its data.
                Assert.DoesNotContain(columns.Take(columns.Count - 1), c => c.Width == 0);
                foreach (var width in new[] { 79, 80, 119, 120 })
                {
                    int used = -1, shown = 0;
                    foreach (var (label, w) in columns)
                    {
                        int room = width - used - 1;
                        if (w == 0 ? room >= label.Length : w <= room)
                        {
                            used += (w == 0 ? room : w) + 1;
                            shown++;
                            continue;
                        }
                        Assert.True(room < 1, $"{name} at {width} columns: '{label}' would be squeezed into {room} characters");
                        break;
                    }
                    if (width >= 119) Assert.True(shown == columns.Count, $"{name} at {width} columns shows {shown} of {columns.Count} columns");
                }
            }
        }
    }
}
