namespace LlmTelemetry.Queries
{
    /// <summary>
    /// How a front end names its range parameters, so an error names what the user typed (-Start, --since).
    /// <paramref name="EndText"/> is how a message refers to the end ("the end date", "the --until date").
    /// </summary>
    public sealed record RangeParameters(string Days, string Start, string End, string EndText, string Period)
    {
        /// <summary>The module's names (-Days, -Start, -End); the default.</summary>
        public static readonly RangeParameters PowerShell = new RangeParameters("Days", "Start", "End", "the end date", "Period");
    }
}
