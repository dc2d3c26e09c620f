using System;
using System.ComponentModel;
using System.Diagnostics;
using System.Threading;
using System.Threading.Tasks;

namespace LlmTelemetry.Internal
{
    /// <summary>Runs a short external program (crontab, schtasks) with optional standard input, stoppable by Ctrl+C.</summary>
    internal static class ExternalCommand
    {
        public static ExternalResult Run(string file, string arguments, string? input, CancellationToken cancel)
        {
            var start = new ProcessStartInfo(file, arguments)
            {
                UseShellExecute = false,
                RedirectStandardInput = input is not null,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                CreateNoWindow = true,
            };
            Process process;
            try
            {
                process = Process.Start(start) ?? throw new InvalidOperationException($"{file} did not start");
            }
            catch (Win32Exception ex)
            {
                throw new InvalidOperationException($"cannot run {file}: {ex.Message}", ex);
            }
            using (process)
            {
                var output = process.StandardOutput.ReadToEndAsync();
                var error = process.StandardError.ReadToEndAsync();
                if (input is not null)
                {
                    process.StandardInput.Write(input);
                    process.StandardInput.Close();
                }
                while (!process.WaitForExit(100))
                {
                    if (cancel.IsCancellationRequested)
                    {
                        try { process.Kill(); } catch (InvalidOperationException) { /* already exited */ }
                        cancel.ThrowIfCancellationRequested();
                    }
                }
                Task.WaitAll(output, error);
                return new ExternalResult(process.ExitCode, output.Result, error.Result);
            }
        }
    }
}
