using System;
using System.Diagnostics;
using System.IO;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Extensions.AI.Tests
{
    /// <summary>What a user of the package gets: a netstandard2.0 build beside net8.0, and a README whose sample compiles.</summary>
    public sealed class PackagingTests
    {
        private static string Project => Path.Combine(RepoPaths.Root, "src", "LlmTelemetry.Extensions.AI", "LlmTelemetry.Extensions.AI.csproj");

        [Fact]
        public async Task The_package_builds_for_netstandard2_0()
        {
            // The test run built the net8.0 assembly (what net10.0 references); this builds the other target, as a real process.
            var start = new ProcessStartInfo("dotnet")
            {
                ArgumentList = { "build", Project, "-f", "netstandard2.0", "-c", RepoPaths.Configuration, "--no-restore", "--no-dependencies", "-nologo", "-v", "q" },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var build = Process.Start(start)!;
            var output = build.StandardOutput.ReadToEndAsync();
            var errors = build.StandardError.ReadToEndAsync();
            await build.WaitForExitAsync();

            Assert.True(build.ExitCode == 0, $"dotnet build -f netstandard2.0 failed ({build.ExitCode}):\n{await output}\n{await errors}");
            string dll = Path.Combine(RepoPaths.Root, "src", "LlmTelemetry.Extensions.AI", "bin", RepoPaths.Configuration, "netstandard2.0", "LlmTelemetry.Extensions.AI.dll");
            Assert.True(File.Exists(dll), "missing " + dll);
            Assert.Contains("<TargetFrameworks>netstandard2.0;net8.0</TargetFrameworks>", File.ReadAllText(Project));
        }

        [Fact]
        public void The_readme_console_app_is_the_compiled_sample()
        {
            string readme = File.ReadAllText(Path.Combine(RepoPaths.Root, "README.md")).Replace("\r\n", "\n");
            int section = readme.IndexOf("## Recording from any .NET app", StringComparison.Ordinal);
            Assert.True(section >= 0, "README.md has no \"## Recording from any .NET app\" section");
            var block = new Regex("```csharp\n(.*?)```", RegexOptions.Singleline).Match(readme, section);
            Assert.True(block.Success, "the section has no ```csharp block");
            string sample = File.ReadAllText(Path.Combine(RepoPaths.Root, "tests", "LlmTelemetry.Extensions.AI.Tests", "ReadmeSample", "Program.cs")).Replace("\r\n", "\n");

            Assert.Equal(sample, block.Groups[1].Value);
            // The package's own README (shown on its NuGet page) carries the same app.
            string packageReadme = File.ReadAllText(Path.Combine(RepoPaths.Root, "src", "LlmTelemetry.Extensions.AI", "README.md")).Replace("\r\n", "\n");
            Assert.Contains("```csharp\n" + sample + "```", packageReadme);
            Assert.Contains(".AsBuilder()", sample);
            Assert.Contains(".UseLlmTelemetry(", sample);
            // The sample project was built before these tests (a ProjectReference), so the block compiles as it stands.
            string built = Path.Combine(RepoPaths.Root, "tests", "LlmTelemetry.Extensions.AI.Tests", "ReadmeSample", "bin", RepoPaths.Configuration, "net10.0", "ReadmeSample.dll");
            Assert.True(File.Exists(built), "missing " + built);
        }
    }
}
