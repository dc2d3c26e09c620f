namespace LlmTelemetry.Storage
{
    /// <summary>
    /// What a maintenance or removal step does to a day's rollup: whether the day's costs and usage still answer
    /// afterwards. This is the part a person confirming a removal needs to know, since raw records are meant to go.
    /// </summary>
    public enum HistoryEffect
    {
        /// <summary>Not a history matter: the day keeps raw records, and its totals are theirs.</summary>
        None,

        /// <summary>The day's rollup is in the history tier and stays: every cost and usage report still counts the day.</summary>
        Kept,

        /// <summary>No rollup of the day is left: its costs and usage are gone for good.</summary>
        Deleted,
    }
}
