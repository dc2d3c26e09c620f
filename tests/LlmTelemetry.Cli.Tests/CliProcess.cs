using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Text.Json;
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
        /// The CLI as users get it: the default Release publish, native (AOT), once per test run (<see cref="CliBuild.Native"/>).
        /// That is also what keeps 2,000 process starts in the concurrency test to seconds instead of minutes.
        /// </summary>
        public static string CliPath => CliBuild.Native.Executable;

        public CliResult Run(params string[] args) => Run(args, null);

        public CliResult Run(IEnumerable<string> args, IDictionary<string, string>? env) => RunExecutable(CliPath, args, env);

        /// <summary>Runs another build of the CLI (an installed tool, a JIT publish) in this sandbox.</summary>
        public CliResult RunExecutable(string executable, IEnumerable<string> args, IDictionary<string, string>? env = null)
            => CliProcessRunner.Run(Start(executable, args, env), TimeSpan.FromSeconds(120));

        public ProcessStartInfo Start(IEnumerable<string> args, IDictionary<string, string>? env = null) => Start(CliPath, args, env);

        /// <summary>Runs the CLI with <paramref name="stdin"/> piped to it and the pipe closed, as a hook runs a command.</summary>
        public CliResult RunWithInput(string stdin, IEnumerable<string> args, IDictionary<string, string>? env = null)
        {
            var psi = Start(CliPath, args, env);
            psi.RedirectStandardInput = true;
            return CliProcessRunner.Run(psi, TimeSpan.FromSeconds(120), stdin);
        }

        private ProcessStartInfo Start(string executable, IEnumerable<string> args, IDictionary<string, string>? env)
        {
            var psi = new ProcessStartInfo(executable) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
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

    /// <summary>Runs a process to its exit (killed, with its children, past the time limit) and keeps what it printed.</summary>
    internal static class CliProcessRunner
    {
        public static CliResult Run(ProcessStartInfo psi, TimeSpan limit, string? stdin = null)
        {
            using var p = Process.Start(psi)!;
            if (stdin is not null)
            {
                p.StandardInput.Write(stdin);
                p.StandardInput.Close();
            }
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(limit))
            {
                p.Kill(true);
                throw new TimeoutException($"{psi.FileName} {string.Join(' ', psi.ArgumentList)} did not finish in {limit.TotalSeconds:0} s");
            }
            return new CliResult(p.ExitCode, stdout.Result, stderr.Result);
        }
    }
}
