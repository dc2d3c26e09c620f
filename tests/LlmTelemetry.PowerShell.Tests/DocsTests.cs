using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Reflection;
using System.Text.RegularExpressions;
using LlmTelemetry.PowerShell.Tests.Support;
using Xunit;
using static LlmTelemetry.PowerShell.Tests.Support.ModuleAssembly;

namespace LlmTelemetry.PowerShell.Tests
{
    /// <summary>Keeps docs/en-US (the source of Get-Help) in step with the cmdlets, as PSScriptAnalyzer's ModuleHelp tests do against Get-Help.</summary>
    public sealed class DocsTests
    {
        private static readonly string Docs = Path.Combine(RepoRoot, "docs", "en-US");

        /// <summary>Added by PowerShell itself (ShouldProcess adds WhatIf and Confirm); PlatyPS lists those two, the test ignores them.</summary>
        private static readonly HashSet<string> Common = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
        {
            "WhatIf", "Confirm", "Verbose", "Debug", "ErrorAction", "WarningAction", "InformationAction", "ProgressAction",
            "ErrorVariable", "WarningVariable", "InformationVariable", "OutVariable", "OutBuffer", "PipelineVariable",
        };

        public static IEnumerable<object[]> Cmdlets => CmdletTypes.Select(t => new object[] { CmdletName(t) });

        private static string Page(string name)
        {
            var path = Path.Combine(Docs, name + ".md");
            Assert.True(File.Exists(path), "missing docs page " + path);
            return File.ReadAllText(path).Replace("\r\n", "\n");
        }

        private static string Section(string page, string heading)
        {
            var m = Regex.Match(page, "^## " + heading + "\n(.*?)(?=^## |\\z)", RegexOptions.Multiline | RegexOptions.Singleline);
            Assert.True(m.Success, "no ## " + heading);
            return m.Groups[1].Value;
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void Each_page_has_PlatyPS_front_matter_for_this_dll(string name)
        {
            var page = Page(name);
            Assert.StartsWith("---\n", page);
            Assert.Contains("\nexternal help file: " + Path.GetFileName(DllPath) + "-Help.xml\n", page);
            Assert.Contains("\nModule Name: LlmTelemetry\n", page);
            Assert.Contains("\n# " + name + "\n", page);
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void Each_page_has_a_synopsis_a_description_and_two_examples_one_piping_into_Group_Object_or_Export_Csv(string name)
        {
            var page = Page(name);
            Assert.True(Section(page, "SYNOPSIS").Trim().Length > 10, "empty synopsis");
            Assert.True(Section(page, "DESCRIPTION").Trim().Length > 40, "thin description");
            var examples = Section(page, "EXAMPLES");
            var blocks = Regex.Matches(examples, "^### Example \\d+.*?```powershell\n(.*?)```", RegexOptions.Multiline | RegexOptions.Singleline);
            Assert.True(blocks.Count >= 2, "fewer than two examples");
            Assert.Contains(blocks.Cast<Match>(), b => Regex.IsMatch(b.Groups[1].Value, @"\|\s*(Group-Object|Export-Csv)\b"));
            Assert.All(blocks.Cast<Match>(), b => Assert.Contains(name, b.Groups[1].Value));
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void Each_page_documents_exactly_the_cmdlets_parameters(string name)
        {
            var type = CmdletTypes.Single(t => CmdletName(t) == name);
            var documented = Regex.Matches(Section(Page(name), "PARAMETERS"), "^### -(\\w+)", RegexOptions.Multiline)
                .Select(m => m.Groups[1].Value).Where(p => !Common.Contains(p)).OrderBy(p => p).ToList();
            Assert.Equal(Parameters(type).Select(p => p.Name).OrderBy(p => p), documented);
        }

        [Theory]
        [MemberData(nameof(Cmdlets))]
        public void Each_parameter_states_its_type_whether_it_is_required_and_its_pipeline_input(string name)
        {
            var type = CmdletTypes.Single(t => CmdletName(t) == name);
            var parameters = Section(Page(name), "PARAMETERS");
            foreach (var p in Parameters(type))
            {
                var block = Regex.Match(parameters, "^### -" + p.Name + "\n.*?```yaml\n(.*?)```", RegexOptions.Multiline | RegexOptions.Singleline);
                Assert.True(block.Success, $"-{p.Name} has no yaml block");
                var yaml = block.Groups[1].Value;
                var attributes = Attributes(p, "ParameterAttribute").ToList();
                Assert.Contains("Type: " + DisplayName(p.PropertyType) + "\n", yaml);
                bool mandatory = attributes.Any(a => Named<bool>(a, "Mandatory"));
                Assert.Contains("Required: " + (mandatory ? "True" : "False") + "\n", yaml);
                bool byValue = attributes.Any(a => Named<bool>(a, "ValueFromPipeline"));
                bool byName = attributes.Any(a => Named<bool>(a, "ValueFromPipelineByPropertyName"));
                string pipeline = byValue && byName ? "True (ByPropertyName, ByValue)" : byValue ? "True (ByValue)" : byName ? "True (ByPropertyName)" : "False";
                Assert.Contains("Accept pipeline input: " + pipeline + "\n", yaml);
                bool wildcards = Attribute(p, "SupportsWildcardsAttribute") is not null;
                Assert.Contains("Accept wildcard characters: " + (wildcards ? "True" : "False") + "\n", yaml);
            }
        }

        [Fact]
        public void The_module_page_links_every_cmdlet_page()
        {
            var page = File.ReadAllText(Path.Combine(Docs, "LlmTelemetry.md"));
            Assert.Contains("Module Name: LlmTelemetry", page);
            foreach (var name in CmdletTypes.Select(CmdletName)) Assert.Contains($"### [{name}]({name}.md)", page);
            var pages = Directory.GetFiles(Docs, "*-*.md").Select(Path.GetFileNameWithoutExtension).OrderBy(n => n);
            Assert.Equal(CmdletTypes.Select(CmdletName).OrderBy(n => n), pages);
        }

        /// <summary>PlatyPS shows the type's short name, nullable values as their underlying type.</summary>
        private static string DisplayName(Type t)
        {
            if (t.IsGenericType && t.GetGenericTypeDefinition().FullName == "System.Nullable`1") t = t.GetGenericArguments()[0];
            return t.Name;
        }
    }
}
