using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using LlmTelemetry.Tests.Support;

namespace LlmTelemetry.Cli.Tests
{
    /// <summary>A publish of the CLI: its folder, its executable and what dotnet publish printed.</summary>
    internal sealed record CliPublish(string Folder, string Executable, CliResult Log);

    /// <summary>
    /// dotnet publish and dotnet pack of the CLI project, run as a user runs them. They share the project's obj/ folder (its
    /// restore, its native compile), so they run one at a time; the native publish comes first, once per test run, and a
    /// later Release pack for this RID reuses its native compile instead of compiling again.
    /// </summary>
    internal static class CliBuild
    {
        public static string Project => Path.Combine(RepoPaths.Root, "src", "LlmTelemetry.Cli", "LlmTelemetry.Cli.csproj");

        /// <summary>The name of the CLI's executable on this OS.</summary>
        public static string ExecutableName => OperatingSystem.IsWindows() ? "llm-telemetry.exe" : "llm-telemetry";

        /// <summary>
        /// `dotnet publish -c Release -r RID`, with no property: native AOT by default, which needs a C toolchain (clang or
        /// gcc on Linux). Without one the build warns and the publish is JIT, which the native tests then refuse.
        /// </summary>
        public static CliPublish Native => NativePublish.Value;

        private static readonly Lazy<CliPublish> NativePublish = new(PublishNative, LazyThreadSafetyMode.ExecutionAndPublication);

        private static readonly object Gate = new();

        private static CliPublish PublishNative()
        {
            var output = Path.Combine(AppContext.BaseDirectory, "cli-aot");
            CliResult log;
            lock (Gate) log = Dotnet(new[] { "publish", Project, "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier, "-o", output, "--nologo" });
            string exe = Path.Combine(output, ExecutableName);
            if (log.ExitCode != 0 || !File.Exists(exe))
                throw new InvalidOperationException($"dotnet publish of the CLI failed (exit {log.ExitCode}); native AOT needs clang or gcc:\n{log.Stdout}\n{log.Stderr}");
            return new CliPublish(output, exe, log);
        }

        /// <summary>Runs dotnet on the CLI project (or with its packages) after the native publish, one run at a time.</summary>
        public static CliResult Run(IEnumerable<string> args, IDictionary<string, string>? env = null)
        {
            _ = Native;
            lock (Gate) return Dotnet(args, env);
        }

        private static CliResult Dotnet(IEnumerable<string> args, IDictionary<string, string>? env = null)
        {
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in args) psi.ArgumentList.Add(a);
            if (env is not null) foreach (var pair in env) psi.Environment[pair.Key] = pair.Value;
            return CliProcessRunner.Run(psi, TimeSpan.FromMinutes(10));
        }
    }
}
