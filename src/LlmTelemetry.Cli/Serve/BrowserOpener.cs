using System;
using System.Diagnostics;
using System.Runtime.InteropServices;

namespace LlmTelemetry.Cli.Serve
{
    /// <summary>serve --open: the desktop's own opener (xdg-open, open, start). Not opening is a warning, never a failure.</summary>
    internal static class BrowserOpener
    {
        public static void Open(string url)
        {
            try
            {
                var start = RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? new ProcessStartInfo("cmd", "/c start \"\" \"" + url + "\"") { CreateNoWindow = true }
                    : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? new ProcessStartInfo("open", url)
                    : new ProcessStartInfo("xdg-open", url);
                start.UseShellExecute = false;
                start.RedirectStandardOutput = true;
                start.RedirectStandardError = true;
                using var process = Process.Start(start);
            }
            catch (Exception ex) when (ex is System.ComponentModel.Win32Exception || ex is InvalidOperationException)
            {
                // The message names the opener, never the URL: the URL holds the token.
                Output.Human.Error("warning: could not open a browser (" + ex.Message + "); open the URL above yourself");
            }
        }
    }
}
