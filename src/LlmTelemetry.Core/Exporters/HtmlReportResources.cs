using System;
using System.IO;
using System.Text;

namespace LlmTelemetry.Exporters
{
    /// <summary>The page's template, stylesheet and script, embedded in the assembly so the writer needs no files beside it.</summary>
    internal static class HtmlReportResources
    {
        private static readonly Lazy<string> TemplateText = new Lazy<string>(() => Read("report.html"));
        private static readonly Lazy<string> CssText = new Lazy<string>(() => Read("report.css"));
        // Each page is one script (one CSP hash): the charts both pages draw, then the page's own part.
        private static readonly Lazy<string> JsText = new Lazy<string>(() => Read("charts.js") + "\n" + Read("report.js"));
        private static readonly Lazy<string> LiveJsText = new Lazy<string>(() => Read("charts.js") + "\n" + Read("live.js"));

        public static string Template => TemplateText.Value;
        public static string Css => CssText.Value;
        public static string Js => JsText.Value;

        /// <summary>The script of the page's live mode (llm-telemetry serve), which reads the server's API instead of embedded data.</summary>
        public static string LiveJs => LiveJsText.Value;

        private static string Read(string name)
        {
            string resource = "LlmTelemetry.Exporters.Html." + name;
            using var stream = typeof(HtmlReportResources).Assembly.GetManifestResourceStream(resource)
                ?? throw new InvalidOperationException("embedded resource " + resource + " is missing from the build");
            using var reader = new StreamReader(stream, new UTF8Encoding(false));
            // Normalised to \n so the page (and the CSP hashes over it) do not depend on the checkout's line endings.
            return reader.ReadToEnd().Replace("\r\n", "\n");
        }
    }
}
