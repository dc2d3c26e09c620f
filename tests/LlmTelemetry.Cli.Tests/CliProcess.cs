using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text.Json;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Cli.Tests
{
    public sealed record CliResult(int ExitCode, string Stdout, string Stderr)
    {
        public JsonElement Json
        {
            get
            {
                try { return JsonDocument.Parse(Stdout).RootElement.Clone(); }
                catch (JsonException ex) { throw new Xunit.Sdk.XunitException($"stdout is not JSON ({ex.Message}):\n{Stdout}\nstderr:\n{Stderr}"); }
            }
        }

        public CliResult Ok()
        {
            Assert.True(ExitCode == 0, $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}");
            return this;
        }
    }

    /// <summary>Runs the built llm-telemetry as a real process, isolated from the user's store, config and colours.</summary>
    public sealed class CliSandbox : IDisposable
    {
        public CliSandbox()
        {
            Root = Path.Combine(Path.GetTempPath(), "llmt-cli-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Root);
            Store = Path.Combine(Root, "store");
        }

        public string Root { get; }
        public string Store { get; }

        /// <summary>
        /// The CLI as users get it: published ahead-of-time (native, as the release ships it), once per test run.
        /// That is also what keeps 2,000 process starts in the concurrency test to seconds instead of minutes.
        /// </summary>
        public static string CliPath => Published.Value;

        private static readonly Lazy<string> Published = new(Publish, System.Threading.LazyThreadSafetyMode.ExecutionAndPublication);

        private static string Publish()
        {
            var output = Path.Combine(AppContext.BaseDirectory, "cli-aot");
            var project = Path.Combine(RepoPaths.Root, "src", "LlmTelemetry.Cli", "LlmTelemetry.Cli.csproj");
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "publish", project, "-c", "Release", "-r", System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier, "-p:LlmAot=true", "-o", output, "--nologo" })
                psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(600_000)) { p.Kill(true); throw new TimeoutException("publishing the CLI took over 10 minutes"); }
            string exe = Path.Combine(output, OperatingSystem.IsWindows() ? "llm-telemetry.exe" : "llm-telemetry");
            if (p.ExitCode != 0 || !File.Exists(exe))
                throw new InvalidOperationException($"dotnet publish of the CLI failed (exit {p.ExitCode}); native AOT needs clang or gcc:\n{stdout.Result}\n{stderr.Result}");
            return exe;
        }

        public CliResult Run(params string[] args) => Run(args, null);

        public CliResult Run(IEnumerable<string> args, IDictionary<string, string>? env)
        {
            var psi = Start(args, env);
            using var p = Process.Start(psi)!;
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(120_000))
            {
                p.Kill(true);
                throw new TimeoutException("llm-telemetry " + string.Join(' ', args) + " did not finish in 120 s");
            }
            return new CliResult(p.ExitCode, stdout.Result, stderr.Result);
        }

        public ProcessStartInfo Start(IEnumerable<string> args, IDictionary<string, string>? env = null)
        {
            var psi = new ProcessStartInfo(CliPath) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in args) psi.ArgumentList.Add(a);
            psi.Environment["LLM_TELEMETRY_CONFIG_DIR"] = Path.Combine(Root, "config");
            psi.Environment["NO_COLOR"] = "1";
            psi.Environment.Remove("LLM_TELEMETRY_DIR");
            psi.Environment.Remove("LLM_TELEMETRY_STORAGE");
            psi.Environment.Remove("LLM_STORE_PROMPTS");
            psi.Environment.Remove("LLM_STORE_RESPONSES");
            // The defaults, unless a test sets them: how long raw records and history are kept decides where a call goes.
            foreach (var limit in new[] { "LLM_RETENTION_DAYS", "LLM_STORAGE_MAX_SIZE_MB", "LLM_HISTORY_DAYS", "LLM_HISTORY_MAX_SIZE_MB" })
                psi.Environment.Remove(limit);
            if (env is not null) foreach (var pair in env) psi.Environment[pair.Key] = pair.Value;
            return psi;
        }

        public void Dispose()
        {
            try { Directory.Delete(Root, true); }
            catch (IOException) { /* leave it to the OS temp cleaner */ }
        }
    }
}
