using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using LlmTelemetry.Tests.Support;
using Xunit;

namespace LlmTelemetry.Tests.Exporters
{
    /// <summary>
    /// Runs tests/browser/dashboard.mjs (playwright-core over the system's Chromium) once and hands back what it saw.
    /// Missing Chromium, Node or the npm packages fail the tests with the commands that install them, unless
    /// LLMT_SKIP_BROWSER_TESTS=1 asks to skip them (see <see cref="BrowserFactAttribute"/>).
    /// </summary>
    internal static class HtmlReportBrowser
    {
        public const string SkipVariable = "LLMT_SKIP_BROWSER_TESTS";
        public const string ChromiumVariable = "LLMT_CHROMIUM";

        public static bool SkipRequested => Environment.GetEnvironmentVariable(SkipVariable) == "1";

        public static string ScriptFolder => Path.Combine(RepoPaths.Root, "tests", "browser");

        private static string HowToInstall =>
            "Install them with:\n" +
            "  apt-get update && apt-get install -y chromium   (or set " + ChromiumVariable + " to a Chromium/Chrome binary)\n" +
            "  cd tests/browser && npm ci\n" +
            "or set " + SkipVariable + "=1 to skip the browser tests.";

        /// <summary>Finds what the run needs; returns a message naming what is missing and how to install it, or null.</summary>
        public static string? Check(out string chromium, out string node)
        {
            chromium = FindChromium() ?? "";
            node = FindOnPath("node") ?? "";
            var missing = new System.Collections.Generic.List<string>();
            var configured = Environment.GetEnvironmentVariable(ChromiumVariable);
            if (chromium.Length == 0)
            {
                missing.Add(string.IsNullOrEmpty(configured)
                    ? "Chromium (looked for chromium, chromium-browser, google-chrome, google-chrome-stable on PATH)"
                    : "Chromium at " + ChromiumVariable + "=" + configured + " (no such file)");
            }
            if (node.Length == 0) missing.Add("Node.js (node on PATH)");
            if (!Directory.Exists(Path.Combine(ScriptFolder, "node_modules", "playwright-core")))
                missing.Add("the npm packages in tests/browser (node_modules/playwright-core)");
            return missing.Count == 0 ? null : "The dashboard browser tests need " + string.Join(", ", missing) + ".\n" + HowToInstall;
        }

        /// <summary>Runs the script (dashboard.mjs, or live.mjs for serve's page) over <paramref name="spec"/>; throws with its output when it fails.</summary>
        public static JsonNode Run(JsonObject spec, string workFolder, string chromium, string node, string script = "dashboard.mjs")
        {
            spec["chromium"] = chromium;
            var specPath = Path.Combine(workFolder, "spec.json");
            var resultPath = Path.Combine(workFolder, "result.json");
            File.WriteAllText(specPath, spec.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            File.Delete(resultPath);
            var start = new ProcessStartInfo(node)
            {
                WorkingDirectory = ScriptFolder,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.ArgumentList.Add(Path.Combine(ScriptFolder, script));
            start.ArgumentList.Add(specPath);
            start.ArgumentList.Add(resultPath);
            using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + node);
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(180_000))
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException(script + " did not finish in 180 s\n" + stderr.Result);
            }
            if (process.ExitCode != 0 || !File.Exists(resultPath))
                throw new InvalidOperationException($"{script} failed (exit {process.ExitCode}):\n{stdout.Result}\n{stderr.Result}");
            return JsonNode.Parse(File.ReadAllText(resultPath))!;
        }

        private static string? FindChromium()
        {
            var configured = Environment.GetEnvironmentVariable(ChromiumVariable);
            if (!string.IsNullOrEmpty(configured)) return File.Exists(configured) ? configured : null;
            return new[] { "chromium", "chromium-browser", "google-chrome", "google-chrome-stable" }.Select(FindOnPath).FirstOrDefault(p => p is not null);
        }

        private static string? FindOnPath(string name)
        {
            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                foreach (var candidate in new[] { Path.Combine(dir, name), Path.Combine(dir, name + ".exe") })
                    if (File.Exists(candidate)) return candidate;
            }
            return null;
        }
    }

    /// <summary>A fact that is reported as skipped (not passed) when LLMT_SKIP_BROWSER_TESTS=1.</summary>
    [AttributeUsage(AttributeTargets.Method)]
    internal sealed class BrowserFactAttribute : FactAttribute
    {
        public BrowserFactAttribute()
        {
            if (HtmlReportBrowser.SkipRequested) Skip = HtmlReportBrowser.SkipVariable + "=1: headless Chromium tests skipped";
        }
    }
}
