using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Runtime.InteropServices;
using System.Xml.Linq;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Cli.Tests
{
    /// <summary>
    /// What users install (README, "Installing the CLI"): the default Release publish is one native executable, and the packed
    /// dotnet tool installs that executable on this RID and a JIT build where no native package was packed.
    /// </summary>
    public sealed class CliInstallTests : IDisposable
    {
        private const string PackageId = "LlmTelemetry.Cli";
        private readonly CliSandbox _sandbox = new();

        public void Dispose() => _sandbox.Dispose();

        private static string Rid => RuntimeInformation.RuntimeIdentifier;

        /// <summary>The package version: the product version in Directory.Build.props, as the pack stamps it.</summary>
        private static readonly string Version = XDocument.Load(Path.Combine(RepoPaths.Root, "Directory.Build.props"))
            .Descendants("VersionPrefix").Single().Value;

        [Fact]
        public void The_default_release_publish_is_one_native_executable_that_answers_version()
        {
            var publish = CliBuild.Native;
            Assert.DoesNotContain("LLMT001", publish.Log.Stdout + publish.Log.Stderr);
            AssertNative(publish.Executable);
            var version = _sandbox.RunExecutable(publish.Executable, new[] { "--version" }).Ok().Stdout.Trim();
            Assert.Matches(@"^\d+\.\d+\.\d+", version);
        }

        [Fact]
        public void Without_a_c_toolchain_the_release_publish_warns_and_gives_a_jit_build_that_runs()
        {
            var output = Path.Combine(_sandbox.Root, "jit");
            // A machine without clang or gcc, as the project's own toolchain check sees it (NativeAot.targets). Its own
            // artifacts folder: a JIT restore in the project's obj/ would make the next native pack compile again.
            var log = CliBuild.Run(new[]
            {
                "publish", CliBuild.Project, "-c", "Release", "-o", output, "-p:_LlmToolchain=",
                "--artifacts-path", Path.Combine(_sandbox.Root, "artifacts"), "--nologo",
            }).Ok();
            Assert.Contains("warning LLMT001: llm-telemetry: no C toolchain found", log.Stdout + log.Stderr);
            Assert.True(File.Exists(Path.Combine(output, "llm-telemetry.dll")), "a JIT publish has the managed entry assembly");
            _sandbox.RunExecutable(Path.Combine(output, CliBuild.ExecutableName), new[] { "--version" }).Ok();
        }

        [Fact]
        public void The_packed_tool_installs_the_native_executable_on_this_rid_and_records_and_reports()
        {
            var feed = Pack();
            Assert.Equal(Packages($"{PackageId}.{Rid}", $"{PackageId}.any"), FilesIn(feed));
            Assert.Equal(new[] { Rid, "any" }, PointerRids(feed));

            var installed = Install(feed);
            var link = new FileInfo(installed).ResolveLinkTarget(returnFinalTarget: true);
            Assert.True(link is not null, "the installed command links to the native executable in the tool's store");
            AssertNative(link!.FullName);
            Assert.Empty(ManagedEntryAssemblies());
            Assert.Equal(Version, _sandbox.RunExecutable(installed, new[] { "--version" }).Ok().Stdout.Trim().Split('+')[0]);
            var env = new Dictionary<string, string> { ["LLM_TELEMETRY_DIR"] = _sandbox.Store };
            _sandbox.RunExecutable(installed, new[] { "record", "--model", "gpt-4o", "--input-tokens", "1000", "--output-tokens", "200", "--json" }, env).Ok();
            var costs = _sandbox.RunExecutable(installed, new[] { "costs", "--json" }, env).Ok().Json;
            Assert.Equal(1, costs.GetProperty("totals").GetProperty("calls").GetInt64());
            Assert.True(costs.GetProperty("totals").GetProperty("cost_usd").GetDouble() > 0);
        }

        [Fact]
        public void A_rid_without_a_native_package_gets_the_framework_dependent_any_package()
        {
            string elsewhere = Rid == "linux-arm64" ? "linux-x64" : "linux-arm64";
            var feed = Pack("-p:LlmToolRuntimeIdentifiers=" + elsewhere);
            Assert.Equal(Packages($"{PackageId}.any"), FilesIn(feed));
            Assert.Equal(new[] { elsewhere, "any" }, PointerRids(feed));

            var installed = Install(feed);
            var entry = Assert.Single(ManagedEntryAssemblies());
            Assert.Contains($"{PackageId}.any".ToLowerInvariant(), entry);
            Assert.Equal(Version, _sandbox.RunExecutable(installed, new[] { "--version" }).Ok().Stdout.Trim().Split('+')[0]);
        }

        private string Tools => Path.Combine(_sandbox.Root, "tools");

        /// <summary>The managed entry assemblies of what `dotnet tool install` laid out: a JIT build has one, a native build none.</summary>
        private string[] ManagedEntryAssemblies() => Directory.GetFiles(Path.Combine(Tools, ".store"), "llm-telemetry.dll", SearchOption.AllDirectories);

        /// <summary>The pointer package and the named RID packages, by file name, sorted.</summary>
        private static string[] Packages(params string[] ridPackages)
            => ridPackages.Prepend(PackageId).Select(id => $"{id}.{Version}.nupkg").OrderBy(n => n, StringComparer.Ordinal).ToArray();

        private static string[] FilesIn(string folder)
            => Directory.GetFiles(folder).Select(f => Path.GetFileName(f)).OrderBy(n => n, StringComparer.Ordinal).ToArray();

        /// <summary>`dotnet pack -c Release` into a fresh folder of the sandbox; returns the folder.</summary>
        private string Pack(params string[] properties)
        {
            var feed = Path.Combine(_sandbox.Root, "packages");
            CliBuild.Run(new[] { "pack", CliBuild.Project, "-c", "Release", "-o", feed, "--nologo" }.Concat(properties)).Ok();
            return feed;
        }

        /// <summary>
        /// `dotnet tool install --tool-path` from that folder alone, with a NuGet cache of its own (the global one may hold
        /// an older pack of the same version); returns the installed command.
        /// </summary>
        private string Install(string feed)
        {
            var config = Path.Combine(_sandbox.Root, "nuget.config");
            File.WriteAllText(config, $"<configuration><packageSources><clear /><add key=\"packed\" value=\"{feed}\" /></packageSources></configuration>");
            CliBuild.Run(
                new[] { "tool", "install", "--tool-path", Tools, "--configfile", config, PackageId, "--version", Version },
                new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(_sandbox.Root, "nuget-cache") }).Ok();
            return Path.Combine(Tools, CliBuild.ExecutableName);
        }

        /// <summary>The RIDs the pointer package sends `dotnet tool install` to, in its order.</summary>
        private static IEnumerable<string> PointerRids(string feed)
        {
            using var pointer = ZipFile.OpenRead(Path.Combine(feed, $"{PackageId}.{Version}.nupkg"));
            var settings = pointer.Entries.Single(e => e.Name == "DotnetToolSettings.xml");
            using var reader = new StreamReader(settings.Open());
            return XDocument.Parse(reader.ReadToEnd()).Descendants("RuntimeIdentifierPackage")
                .Select(p => (string)p.Attribute("RuntimeIdentifier")!).ToList();
        }

        /// <summary>A native executable: the OS's executable format, and no managed entry assembly or runtime config beside it.</summary>
        private static void AssertNative(string executable)
        {
            var folder = Path.GetDirectoryName(executable)!;
            Assert.False(File.Exists(Path.Combine(folder, "llm-telemetry.dll")), "a native build has no managed entry assembly: " + folder);
            Assert.False(File.Exists(Path.Combine(folder, "llm-telemetry.runtimeconfig.json")), "a native build needs no runtime config: " + folder);
            var magic = new byte[4];
            using (var file = File.OpenRead(executable)) Assert.Equal(4, file.Read(magic, 0, 4));
            if (OperatingSystem.IsLinux() || OperatingSystem.IsFreeBSD()) Assert.Equal(new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F' }, magic);
            else if (OperatingSystem.IsWindows()) Assert.Equal(new byte[] { (byte)'M', (byte)'Z' }, magic.Take(2));
            else if (OperatingSystem.IsMacOS()) Assert.Equal(new byte[] { 0xCF, 0xFA, 0xED, 0xFE }, magic);
        }
    }
}
