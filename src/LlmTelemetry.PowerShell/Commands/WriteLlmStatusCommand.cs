using System.Management.Automation;
using LlmTelemetry.Status;

namespace LlmTelemetry.Commands
{
    /// <summary>
    /// Write-LlmStatus: writes the status line to the host in its level's ANSI colour, for a <c>prompt</c> function.
    /// Plain text when NO_COLOR is set or $PSStyle.OutputRendering is PlainText.
    /// </summary>
    [Cmdlet(VerbsCommunications.Write, "LlmStatus", SupportsShouldProcess = true)]
    [OutputType(typeof(LlmStatus))]
    public sealed class WriteLlmStatusCommand : StatusCommand
    {
        /// <summary>Leaves the cursor after the line, for a prompt that goes on on the same line.</summary>
        [Parameter]
        public SwitchParameter NoNewline { get; set; }

        /// <summary>Also writes the status object to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Plain text whatever the terminal can show.</summary>
        [Parameter]
        public SwitchParameter NoColor { get; set; }

        protected override void EndProcessing()
        {
            var store = OpenStore(Path);
            var config = Config(store);
            var status = Compute(store, config);
            bool color = !NoColor.IsPresent && StatusColors.Allowed() && !PlainTextRendering();
            var palette = color ? Guard(() => config.PaletteOrDefault(), store.Settings.ConfigFile) : null;
            var line = status.Line(palette);
            if (NoNewline.IsPresent) Host.UI.Write(line);
            else Host.UI.WriteLine(line);
            // A newly crossed budget threshold: a line of its own under the status, and a warning. Telling it marks it told
            // for every process, which -WhatIf leaves undone.
            if (ShouldProcess("budget alerts", "Tell and mark newly crossed thresholds")) CheckAlerts(store, status, alert =>
            {
                Host.UI.WriteLine(palette is null ? "! " + alert : palette.Paint("! " + alert, StatusLevel.Red));
                WriteWarning(alert);
            });
            if (PassThru.IsPresent) WriteObject(status);
        }

        /// <summary>PowerShell 7.2+ says in $PSStyle.OutputRendering whether the host wants escape sequences; 5.1 has no $PSStyle.</summary>
        private bool PlainTextRendering()
        {
            var style = SessionState.PSVariable.GetValue("PSStyle");
            if (style is null) return false;
            var rendering = PSObject.AsPSObject(style).Properties["OutputRendering"]?.Value;
            return rendering is not null && rendering.ToString() == "PlainText";
        }
    }
}
