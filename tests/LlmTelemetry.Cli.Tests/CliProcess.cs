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

        public static string CliDll => Path.Combine(RepoPaths.Root, "src", "LlmTelemetry.Cli", "bin", RepoPaths.Configuration, "net10.0", "llm-telemetry.dll");

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
            Assert.True(File.Exists(CliDll), "CLI not built: " + CliDll);
            var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            psi.ArgumentList.Add(CliDll);
            foreach (var a in args) psi.ArgumentList.Add(a);
            psi.Environment["LLM_TELEMETRY_CONFIG_DIR"] = Path.Combine(Root, "config");
            psi.Environment["NO_COLOR"] = "1";
            psi.Environment.Remove("LLM_TELEMETRY_DIR");
            psi.Environment.Remove("LLM_TELEMETRY_STORAGE");
            psi.Environment.Remove("LLM_STORE_PROMPTS");
            psi.Environment.Remove("LLM_STORE_RESPONSES");
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
